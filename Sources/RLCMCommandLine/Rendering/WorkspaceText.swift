import RLCMKit

/// `rlcm init` and `recipe start|stop|list` as people read them.
extension WorkspaceReport: WholeTextRendering {
    package var text: String {
        "Created \(settings.environment.rawValue) workspace '\(settings.name)' (data center \(settings.dataCenter.rawValue)) in \(root)"
    }
}

extension RecipeStateReport: WholeTextRendering {
    package var text: String {
        if recipes.isEmpty { return "No recipes." }
        return TextTable.render(header: ["STATE", "RECIPE"], rows: recipes.map { [$0.running ? "running" : "stopped", $0.path] })
    }
}
