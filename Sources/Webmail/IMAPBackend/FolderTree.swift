import Foundation
import IMAP

/// Turns a flat LIST (with counts) into the API's folder tree: INBOX and the special-use
/// folders first in a fixed order, the rest by name; a folder whose parent is not listed
/// (e.g. not subscribed) shows at the top level.
enum FolderTree {
    static let roleOrder: [APIFolderRole] = [.inbox, .drafts, .sent, .archive, .junk, .trash]

    private struct Node {
        var folder: APIFolder
        var path: [String]
    }

    static func build(_ infos: [MailboxInfo]) -> [APIFolder] {
        let nodes: [Node] = infos.compactMap { info in
            guard !info.attributes.contains(.nonExistent) else { return nil }
            let path = info.name.components(delimiter: info.delimiter)
            let role = MailboxRole(name: info.name, attributes: info.attributes).flatMap { APIFolderRole(rawValue: $0.rawValue) }
            let folder = APIFolder(
                name: info.name.displayName, displayName: path.last ?? info.name.displayName,
                delimiter: info.delimiter.map(String.init), role: role,
                unseen: Int(info.status?.unseen ?? 0), total: Int(info.status?.messages ?? 0))
            return Node(folder: folder, path: path)
        }
        let paths = Set(nodes.map(\.path))
        func subtree(_ node: Node) -> APIFolder {
            var folder = node.folder
            folder.children = nodes
                .filter { $0.path.count == node.path.count + 1 && Array($0.path.dropLast()) == node.path }
                .map(subtree).sorted(by: order)
            return folder
        }
        return nodes.filter { $0.path.count <= 1 || !paths.contains(Array($0.path.dropLast())) }
            .map(subtree).sorted(by: order)
    }

    static func order(_ a: APIFolder, _ b: APIFolder) -> Bool {
        let rankA = a.role.flatMap { roleOrder.firstIndex(of: $0) } ?? roleOrder.count
        let rankB = b.role.flatMap { roleOrder.firstIndex(of: $0) } ?? roleOrder.count
        if rankA != rankB { return rankA < rankB }
        return a.name.localizedStandardCompare(b.name) == .orderedAscending
    }
}
