/// Prints a parsed tape the way PostgreSQL 15 prints jsonb: object keys sorted by length and then bytewise,
/// the last of duplicate keys kept, `", "` and `": "` between items, and scalars in their canonical text.
///
/// Like the parser it keeps its own stack, so printing a deep document does not recurse.
struct JSONWriter {
    private let input: UnsafeRawBufferPointer
    private let unescaped: UnsafeRawBufferPointer
    private let nodes: UnsafeBufferPointer<JSONNode>
    var output: OutputBuffer
    /// The key nodes of the objects being printed, each object's sorted run above its parent's.
    private let members: UnsafeMutableBufferPointer<Int32>
    private var memberCount = 0
    private let frames: UnsafeMutableBufferPointer<Frame>
    private var frameCount = 0
    /// Whether an object had duplicate keys, so that the text is shorter than the parser's `outputLength`.
    private(set) var leftOutDuplicates = false

    /// An array or object being printed.
    struct Frame {
        var isObject: Bool
        /// Arrays: the element being printed; objects: the position in `members` of the member being printed.
        var cursor: Int32
        /// Arrays: the node after the last element; objects: the position after its last member.
        var end: Int32
        /// Objects: the position of its first member in `members`.
        var start: Int32
    }

    /// A writer of a parsed document into `output`, which holds the parser's `outputLength` bytes, using
    /// `members` and `frames` (as many as the parser's nodes and `deepest`) for its stacks.
    init(
        input: UnsafeRawBufferPointer, unescaped: UnsafeRawBufferPointer, nodes: UnsafeBufferPointer<JSONNode>,
        output: UnsafeMutableBufferPointer<UInt8>, members: UnsafeMutableBufferPointer<Int32>,
        frames: UnsafeMutableBufferPointer<Frame>
    ) {
        self.input = input
        self.unescaped = unescaped
        self.nodes = nodes
        self.output = OutputBuffer(output)
        self.members = members
        self.frames = frames
    }

    /// Prints the value at node `root` (the whole document when 0) and everything in it.
    mutating func write(from root: Int = 0) {
        var node = root
        while true {
            let value = nodes[node]
            switch value.kind {
            case .null, .true, .false, .number:
                output.append(bytes(of: value, in: input))
            case .exponentNumber:
                writeExponentNumber(bytes(of: value, in: input))
            case .string:
                output.append(UInt8(ascii: "\""))
                output.append(bytes(of: value, in: input))
                output.append(UInt8(ascii: "\""))
            case .escapedString:
                output.appendQuoted(bytes(of: value, in: unescaped))
            case .array:
                output.append(UInt8(ascii: "["))
                if value.count > 0 {
                    frames[frameCount] = Frame(isObject: false, cursor: Int32(node + 1), end: value.next, start: 0)
                    frameCount += 1
                    node += 1
                    continue
                }
                output.append(UInt8(ascii: "]"))
            case .object:
                output.append(UInt8(ascii: "{"))
                if value.count > 0 {
                    let start = Int32(memberCount)
                    sortMembers(of: node)
                    frames[frameCount] = Frame(isObject: true, cursor: start, end: Int32(memberCount), start: start)
                    frameCount += 1
                    node = writeKey(at: start)
                    continue
                }
                output.append(UInt8(ascii: "}"))
            }

            // The value is printed: move to the next item of the innermost container, closing finished ones.
            guard let next = advance() else { return }
            node = next
        }
    }

    /// The node to print next after the innermost frame's current item, or nil when the document is done.
    private mutating func advance() -> Int? {
        while frameCount > 0 {
            var frame = frames[frameCount - 1]
            if frame.isObject {
                frame.cursor += 1
                if frame.cursor < frame.end {
                    frames[frameCount - 1] = frame
                    output.append(UInt8(ascii: ","), UInt8(ascii: " "))
                    return writeKey(at: frame.cursor)
                }
                memberCount = Int(frame.start)
                output.append(UInt8(ascii: "}"))
            } else {
                frame.cursor = nodes[Int(frame.cursor)].next
                if frame.cursor < frame.end {
                    frames[frameCount - 1] = frame
                    output.append(UInt8(ascii: ","), UInt8(ascii: " "))
                    return Int(frame.cursor)
                }
                output.append(UInt8(ascii: "]"))
            }
            frameCount -= 1
        }
        return nil
    }

    /// Prints the key of the member at `position` in `members` and its colon; returns the value's node.
    private mutating func writeKey(at position: Int32) -> Int {
        let key = Int(members[Int(position)])
        let node = nodes[key]
        if node.kind == .string {
            output.append(UInt8(ascii: "\""))
            output.append(bytes(of: node, in: input))
            output.append(UInt8(ascii: "\""))
        } else {
            output.appendQuoted(bytes(of: node, in: unescaped))
        }
        output.append(UInt8(ascii: ":"), UInt8(ascii: " "))
        return key + 1
    }

    @inline(__always)
    private func bytes(of node: JSONNode, in buffer: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.start) + Int(node.count)])
    }
}

extension JSONWriter {
    /// Pushes the object's key nodes onto `members` in jsonb's order, keeping only the last of equal keys.
    ///
    /// PostgreSQL orders keys by length and then bytewise (lengthCompareJsonbStringValue) and, among equal
    /// keys, keeps the one that came last in the input (uniqueifyJsonbObject).
    private mutating func sortMembers(of object: Int) {
        let start = memberCount
        var key = object + 1
        for _ in 0..<nodes[object].count {
            members[memberCount] = Int32(key)
            memberCount += 1
            key = Int(nodes[key + 1].next)
        }
        let keys = KeyOrder(input: input, unescaped: unescaped, nodes: nodes)
        let run = UnsafeMutableBufferPointer(rebasing: members[start..<memberCount])
        keys.sort(run)
        let kept = keys.removeEarlierDuplicates(run)
        leftOutDuplicates = leftOutDuplicates || kept < run.count
        memberCount = start + kept
    }
}

/// The order of object keys in jsonb, with the key node's index breaking ties so that the last of equal
/// keys sorts last.
private struct KeyOrder {
    let input: UnsafeRawBufferPointer
    let unescaped: UnsafeRawBufferPointer
    let nodes: UnsafeBufferPointer<JSONNode>

    func sort(_ keys: UnsafeMutableBufferPointer<Int32>) {
        guard keys.count > 16 else {
            // Objects in records are small and often nearly in order: insertion sort.
            for sorted in 1..<max(1, keys.count) {
                let key = keys[sorted]
                var position = sorted
                while position > 0 && precedes(key, keys[position - 1]) {
                    keys[position] = keys[position - 1]
                    position -= 1
                }
                keys[position] = key
            }
            return
        }
        var keys = keys
        keys.sort(by: precedes)
    }

    /// Moves the keys to keep to the front of `keys` (sorted, the last of equal keys) and returns their count.
    func removeEarlierDuplicates(_ keys: UnsafeMutableBufferPointer<Int32>) -> Int {
        var kept = 0
        for position in keys.indices {
            if position + 1 < keys.count && compare(keys[position], keys[position + 1]) == 0 {
                continue
            }
            keys[kept] = keys[position]
            kept += 1
        }
        return kept
    }

    @inline(__always)
    private func precedes(_ first: Int32, _ second: Int32) -> Bool {
        let order = compare(first, second)
        return order != 0 ? order < 0 : first < second
    }

    /// Compares two keys by length and then bytewise: negative, zero or positive.
    @inline(__always)
    private func compare(_ first: Int32, _ second: Int32) -> Int {
        let a = nodes[Int(first)]
        let b = nodes[Int(second)]
        if a.count != b.count {
            return a.count < b.count ? -1 : 1
        }
        let x = buffer(of: a)
        let y = buffer(of: b)
        let xStart = Int(a.start)
        let yStart = Int(b.start)
        for offset in 0..<Int(a.count) {
            let p = x[xStart + offset]
            let q = y[yStart + offset]
            if p != q {
                return p < q ? -1 : 1
            }
        }
        return 0
    }

    @inline(__always)
    private func buffer(of key: JSONNode) -> UnsafeRawBufferPointer {
        key.kind == .string ? input : unescaped
    }
}
