{
  title: 'Acme ERP',

  connection: {
    fields: [
      { name: 'subdomain', control_type: 'subdomain', url: '.acme-erp.example' },
      { name: 'api_key', control_type: 'password' }
    ],
    authorization: {
      type: 'api_key',
      apply: lambda do |connection|
        headers('Authorization': "Bearer #{connection['api_key']}")
      end
    },
    base_uri: lambda do |connection|
      "https://#{connection['subdomain']}.acme-erp.example/api/v2/"
    end
  },

  test: lambda { |_connection| get('me') },

  actions: {
    get_order: {
      title: 'Get order',
      input_fields: lambda { [{ name: 'order_id', optional: false }] },
      execute: lambda { |_connection, input| get("orders/#{input['order_id']}") }
    },
    update_order_status: {
      title: 'Update order status',
      input_fields: lambda { [{ name: 'order_id' }, { name: 'status' }] },
      execute: lambda { |_connection, input| patch("orders/#{input['order_id']}", status: input['status']) }
    },
    export_invoices_csv: {
      title: 'Export invoices as CSV',
      input_fields: lambda { [{ name: 'since', type: 'date_time' }] },
      execute: lambda { |_connection, input| get('invoices/export', since: input['since'], format: 'csv') }
    }
  },

  triggers: {
    new_order: {
      title: 'New order',
      poll: lambda do |_connection, _input, closure|
        since = closure || 1.hour.ago.iso8601
        orders = get('orders', created_after: since)['data']
        { events: orders, next_poll: orders.last&.dig('created_at') || since }
      end,
      dedup: lambda { |order| order['id'] }
    }
  }
}
