import Testing
@testable import RLCMFormat

@Suite struct FileSystemPathTests {
    @Test("the folder of a path, for names Foundation's own rule traps on", arguments: [
        ("c", ""), ("ab", ""), ("c/u.tsv", "c"), ("/a", "/"), ("/", "/"), ("a/", ""), ("/x/y//z", "/x/y"),
        ("Project 01/orders/a.recipe.json", "Project 01/orders"), ("", ""),
    ])
    func folderOfPath(path: String, folder: String) {
        #expect(FileSystem.folder(of: path) == folder)
    }
}
