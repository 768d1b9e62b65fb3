{
  title: 'Parcel Tracker',

  connection: {
    fields: [{ name: 'token', control_type: 'password' }],
    authorization: { type: 'api_key', apply: lambda { |c| headers('X-Token': c['token']) } },
    base_uri: lambda { |_c| 'https://api.parcel-tracker.example/v1/' }
  },

  test: lambda { |_connection| get('ping') },

  actions: {
    track_parcel: {
      title: 'Track parcel',
      input_fields: lambda { [{ name: 'tracking_number' }] },
      execute: lambda { |_connection, input| get("parcels/#{input['tracking_number']}") }
    },
    create_label: {
      title: 'Create shipping label',
      input_fields: lambda { [{ name: 'order_id' }, { name: 'carrier' }] },
      execute: lambda { |_connection, input| post('labels', input) }
    }
  },

  triggers: {}
}
