import Testing
@testable import RLCMFormat

@Suite struct FileSystemPathTests {
    @Test("the folder of a path, for names Foundation's own rule traps on", arguments: [
        ("c", ""), ("ab", ""), ("c/u.tsv", "c"), ("/a", "/"), ("/", "/"), ("a/", ""), ("/x/y//z", "/x/y"),
        ("Project 01/orders/a.recipe.json", "Project 01/orders"), ("", ""), ("//", "/"), ("Δ/é/x.json", "Δ/é"),
        // A combining mark after a slash makes one character of the two, but the system splits there.
        ("a/\u{301}b", "a"),
    ])
    func folderOfPath(path: String, folder: String) {
        #expect(FileSystem.folder(of: path) == folder)
    }
}
