import SQL

/// PostgreSQL 15's jsonb operators over `JSONBValue`.
extension JSONBValue {
    /// `-> 'key'`: an object's member; nil for anything else.
    func member(_ key: String) -> JSONBValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// `-> n`: an array's element, counted from the end when negative; a scalar is a one-element array.
    func element(_ index: Int) -> JSONBValue? {
        switch self {
        case .array(let elements):
            let position = index < 0 ? elements.count + index : index
            return elements.indices.contains(position) ? elements[position] : nil
        case .object: return nil
        default: return index == 0 || index == -1 ? self : nil
        }
    }

    /// `#> '{a,0,b}'`: each step a key of an object or an index of an array; nil where the path leads nowhere.
    func path(_ steps: [String?]) -> JSONBValue? {
        var current = self
        for step in steps {
            guard let step else { return nil }
            switch current {
            case .object:
                guard let next = current.member(step) else { return nil }
                current = next
            case .array:
                guard let index = Int(String(step.filter { $0 != " " })), let next = current.element(index) else {
                    return nil
                }
                current = next
            default: return nil
            }
        }
        return current
    }

    /// `@>`: every member of `other` is in this object with a contained value; every element of an array `other` is
    /// in this array; a scalar array contains the scalar; scalars are equal.
    func contains(_ other: JSONBValue) -> Bool {
        switch (self, other) {
        case (.object(let members), .object(let wanted)):
            return wanted.allSatisfy { want in
                guard let have = members.first(where: { $0.key == want.key })?.value else { return false }
                if want.value.isContainer { return have.sameKind(as: want.value) && have.contains(want.value) }
                return have.scalarEquals(want.value)
            }
        case (.array(let elements), .array(let wanted)):
            return wanted.allSatisfy { want in
                if want.isContainer {
                    return elements.contains { $0.sameKind(as: want) && $0.contains(want) }
                }
                return elements.contains { $0.scalarEquals(want) }
            }
        case (.array(let elements), let scalar) where !scalar.isContainer:
            return elements.contains { $0.scalarEquals(scalar) }
        case (let a, let b) where !a.isContainer && !b.isContainer:
            return a.scalarEquals(b)
        default:
            return false
        }
    }

    private func sameKind(as other: JSONBValue) -> Bool {
        switch (self, other) {
        case (.array, .array), (.object, .object): return true
        default: return false
        }
    }

    private func scalarEquals(_ other: JSONBValue) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)):
            guard let x = PGDecimal(parsing: a), let y = PGDecimal(parsing: b) else { return a == b }
            return PGDecimal.compare(x, y) == 0
        default: return self == other
        }
    }

    /// `? 'key'`: an object's key, a string element of an array, or the string itself.
    func exists(_ key: String) -> Bool {
        switch self {
        case .object(let members): return members.contains { $0.key == key }
        case .array(let elements): return elements.contains(.string(key))
        case .string(let text): return text == key
        default: return false
        }
    }

    /// `||`: objects merge (the right one's members win), arrays concatenate, anything else is a one-element array.
    func concatenated(with other: JSONBValue) -> JSONBValue {
        switch (self, other) {
        case (.object(let a), .object(let b)): return .object(sorting: a + b)
        case (.array(let a), .array(let b)): return .array(a + b)
        case (.array(let a), let b): return .array(a + [b])
        case (let a, .array(let b)): return .array([a] + b)
        default: return .array([self, other])
        }
    }

    /// `- 'key'`: the object without that member, the array without string elements equal to it.
    func deleting(key: String) throws(JSONBError) -> JSONBValue {
        switch self {
        case .object(let members): return .object(members.filter { $0.key != key })
        case .array(let elements): return .array(elements.filter { $0 != .string(key) })
        default: throw JSONBError("cannot delete from scalar")
        }
    }

    /// `- n`: the array without that element (counted from the end when negative).
    func deleting(index: Int) throws(JSONBError) -> JSONBValue {
        switch self {
        case .array(var elements):
            let position = index < 0 ? elements.count + index : index
            if elements.indices.contains(position) { elements.remove(at: position) }
            return .array(elements)
        case .object: throw JSONBError("cannot delete from object using integer index")
        default: throw JSONBError("cannot delete from scalar")
        }
    }
}
