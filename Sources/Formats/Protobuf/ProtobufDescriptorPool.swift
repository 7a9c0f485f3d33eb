import SwiftProtobuf

/// The messages and enums of a set of `.proto` files, by full name, read from their `FileDescriptorProto`s.
///
/// A Confluent registry schema is one file whose imports are other registered files, and `USING SCHEMA` gives a
/// `FileDescriptorSet`; both become a pool, which `ProtobufProgram` compiles a message of. The pool also turns a
/// Confluent message-index path (`[1, 0]`: the first nested message of the file's second message) into a name.
public struct ProtobufDescriptorPool: Sendable {
    /// A message with what compiling it needs: the file's syntax decides field presence and packing.
    struct Message: Sendable {
        var fullName: String
        var descriptor: Google_Protobuf_DescriptorProto
        var proto3: Bool
    }

    /// Every message by full name without the leading dot (`pkg.Outer.Inner`).
    private(set) var messages: [String: Message] = [:]
    /// Every enum by full name without the leading dot.
    private(set) var enums: [String: Google_Protobuf_EnumDescriptorProto] = [:]
    /// The files in the order given; the main file (the registry schema's own, or the set's last) is last.
    public let files: [Google_Protobuf_FileDescriptorProto]

    /// A pool of `files`, the main file last. Editions files and duplicate names are refused.
    public init(files: [Google_Protobuf_FileDescriptorProto]) throws(DecodeError) {
        self.files = files
        for file in files {
            guard file.syntax.isEmpty || file.syntax == "proto2" || file.syntax == "proto3" else {
                throw DecodeError(
                    "\(file.name) uses syntax \"\(file.syntax)\"; only proto2 and proto3 files are supported")
            }
            let prefix = file.package.isEmpty ? "" : file.package + "."
            for message in file.messageType {
                try add(message, prefix: prefix, proto3: file.syntax == "proto3")
            }
            for enumeration in file.enumType {
                enums[prefix + enumeration.name] = enumeration
            }
        }
    }

    /// A pool of the files of a serialized `google.protobuf.FileDescriptorSet` (what `protoc
    /// --descriptor_set_out` and Materialize's `USING SCHEMA '\x…'` hold).
    public init(serializedSet bytes: [UInt8]) throws(DecodeError) {
        let set: Google_Protobuf_FileDescriptorSet
        do {
            set = try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes)
        } catch {
            throw DecodeError("the schema is not a serialized google.protobuf.FileDescriptorSet (\(error))")
        }
        guard !set.file.isEmpty else { throw DecodeError("the FileDescriptorSet holds no file") }
        try self.init(files: set.file)
    }

    /// A pool of serialized `FileDescriptorProto`s (a registry schema's imports, then its own file), named `what`
    /// in errors.
    public init(serializedFiles: [[UInt8]], of what: String) throws(DecodeError) {
        var files: [Google_Protobuf_FileDescriptorProto] = []
        for (index, bytes) in serializedFiles.enumerated() {
            files.append(try Self.file(serialized: bytes, name: "file \(index + 1) of \(what)"))
        }
        try self.init(files: files)
    }

    /// The serialized `FileDescriptorSet` of serialized `FileDescriptorProto`s, in their order: how a relation keeps
    /// the descriptors it pinned.
    public static func serializedSet(files serializedFiles: [[UInt8]], of what: String) throws(DecodeError) -> [UInt8] {
        var set = Google_Protobuf_FileDescriptorSet()
        for (index, bytes) in serializedFiles.enumerated() {
            set.file.append(try file(serialized: bytes, name: "file \(index + 1) of \(what)"))
        }
        do {
            return try set.serializedBytes()
        } catch {
            throw DecodeError("the descriptors of \(what) cannot be serialized again (\(error))")
        }
    }

    /// One serialized `FileDescriptorProto` (what the registry gives with `?format=serialized`, base64-decoded).
    public static func file(serialized bytes: [UInt8], name: String) throws(DecodeError)
        -> Google_Protobuf_FileDescriptorProto
    {
        do {
            return try Google_Protobuf_FileDescriptorProto(serializedBytes: bytes)
        } catch {
            throw DecodeError("\(name) is not a serialized google.protobuf.FileDescriptorProto (\(error))")
        }
    }

    private mutating func add(_ message: Google_Protobuf_DescriptorProto, prefix: String, proto3: Bool)
        throws(DecodeError)
    {
        let name = prefix + message.name
        guard messages[name] == nil else {
            throw DecodeError("the message \(name) is defined twice in the schema's files")
        }
        messages[name] = Message(fullName: name, descriptor: message, proto3: proto3)
        for nested in message.nestedType {
            try add(nested, prefix: name + ".", proto3: proto3)
        }
        for enumeration in message.enumType {
            enums[name + "." + enumeration.name] = enumeration
        }
    }

    /// The full name of the main file's message at a Confluent message-index path, or nil when the path names no
    /// message: `[i]` is the file's i-th message, `[i, j]` that message's j-th nested message, and so on.
    public func messageName(at indexes: [Int]) -> String? {
        guard let file = files.last, let first = indexes.first, first >= 0, first < file.messageType.count else {
            return nil
        }
        var message = file.messageType[first]
        var name = (file.package.isEmpty ? "" : file.package + ".") + message.name
        for index in indexes.dropFirst() {
            guard index >= 0, index < message.nestedType.count else { return nil }
            message = message.nestedType[index]
            name += "." + message.name
        }
        return name
    }

    /// The index path of the message `name` among the main file's messages and their nested messages (the path
    /// Confluent's framing gives records of it), or nil for a message of another file.
    public func indexPath(of name: String) -> [Int]? {
        guard let file = files.last else { return nil }
        let target = Self.trimmed(name)
        var stack: [(path: [Int], message: Google_Protobuf_DescriptorProto, name: String)] = []
        let prefix = file.package.isEmpty ? "" : file.package + "."
        for (index, message) in file.messageType.enumerated() {
            stack.append(([index], message, prefix + message.name))
        }
        while let entry = stack.popLast() {
            if entry.name == target { return entry.path }
            guard target.hasPrefix(entry.name + ".") else { continue }
            for (index, nested) in entry.message.nestedType.enumerated() {
                stack.append((entry.path + [index], nested, entry.name + "." + nested.name))
            }
        }
        return nil
    }

    /// The main file's first message: the one Confluent's single-byte index `0` names, and the one a registry
    /// relation reads unless `MESSAGE` names another.
    public var firstMessageName: String? { messageName(at: [0]) }

    /// True when the pool defines `name` (with or without a leading dot).
    public func hasMessage(_ name: String) -> Bool { messages[Self.trimmed(name)] != nil }

    func message(_ name: String) -> Message? { messages[Self.trimmed(name)] }

    func enumeration(_ name: String) -> Google_Protobuf_EnumDescriptorProto? { enums[Self.trimmed(name)] }

    static func trimmed(_ name: String) -> String {
        name.hasPrefix(".") ? String(name.dropFirst()) : name
    }
}
