/// A set of dotted paths compiled into a trie, so that one walk over a parsed document finds the
/// node of every path at once.
///
/// Each distinct path owns a slot; ``JSONDocument/fill(_:with:from:itemIndex:)`` writes into the
/// slot the node the path names, or ``PathTrie/absent``. The walk follows ``PropertyPath``'s
/// rules exactly: on an object a segment is a member key (compared decoded, the last duplicate
/// wins); on an array it is a position, the segment `X` standing for the current item index.
package struct PathTrie: Sendable {
    /// The value of a slot whose path names nothing.
    package static let absent: Int32 = -1

    /// One step from a node to a child: a key that is also an array position when it is numeric.
    struct Edge: Sendable {
        var keyStart: Int32
        var keyCount: Int32
        /// The key's first eight bytes, little-endian, zero-padded: most keys compare in one step.
        var prefix: UInt64
        /// The key's last eight bytes when it is longer than eight, else 0: keys of up to sixteen
        /// bytes compare in two steps.
        var suffix: UInt64
        /// The position the key names in an array, or -1.
        var arrayIndex: Int32
        /// The key is `X`: in an array, the current item's position.
        var isItemIndex: Bool
        var child: Int32
    }

    /// One node: its edges, its own slot and the slots of its subtree (numbered in preorder, so
    /// they are one range).
    struct Node: Sendable {
        var firstEdge: Int32 = 0
        var edgeCount: Int32 = 0
        var slot: Int32 = PathTrie.absent
        /// One bit per edge key (``KeyPrefix/bitIndex(prefix:suffix:count:)``): a member whose bit
        /// is clear matches no edge and is skipped at once.
        var keyBits: UInt64 = 0
        var firstSlot: Int32 = 0
        var endSlot: Int32 = 0
    }

    private(set) var keyBytes: [UInt8] = []
    private(set) var edges: [Edge] = []
    private(set) var nodes: [Node] = []
    /// For each node, 64 entries, one per key bit: the offset of the one edge whose key has that
    /// bit, ``sharedBit`` when several have it, ``PathTrie/absent`` when none has.
    private(set) var edgeOfBit: [Int16] = []
    /// An ``edgeOfBit`` entry of a bit that several of a node's edge keys have.
    static let sharedBit: Int16 = -2
    /// How many slots a walk fills.
    package private(set) var slotCount = 0
    /// The slot of each path given to ``init(paths:)``, in order.
    package private(set) var slots: [Int] = []

    /// Builds the trie of `paths`, each a list of segments; equal paths share a slot.
    package init(paths: [[String]]) {
        var builder = Builder()
        let ends = paths.map { builder.insert($0) }
        var slotOfBuilderNode: [Int: Int32] = [:]
        flatten(builder, node: 0, slotOfBuilderNode: &slotOfBuilderNode)
        slots = ends.map { Int(slotOfBuilderNode[$0]!) }
    }

    /// Whether the trie holds no path at all.
    package var isEmpty: Bool { slotCount == 0 }

    /// A fresh slot array for one walk: every slot absent.
    package func emptySlots() -> [Int32] {
        [Int32](repeating: Self.absent, count: slotCount)
    }

    /// Lays the builder's tree out in preorder: a node's edges side by side, its subtree's slots
    /// one range.
    private mutating func flatten(_ builder: Builder, node: Int, slotOfBuilderNode: inout [Int: Int32]) {
        let index = nodes.count
        nodes.append(Node())
        edgeOfBit += repeatElement(Int16(Self.absent), count: 64)
        nodes[index].firstSlot = Int32(slotCount)
        if builder.nodes[node].isPathEnd {
            nodes[index].slot = Int32(slotCount)
            slotOfBuilderNode[node] = Int32(slotCount)
            slotCount += 1
        }
        let children = builder.nodes[node].children
        let firstEdge = edges.count
        nodes[index].firstEdge = Int32(firstEdge)
        nodes[index].edgeCount = Int32(children.count)
        for (key, _) in children {
            let start = keyBytes.count
            keyBytes += key.utf8
            let bytes = Array(key.utf8)
            let prefix = KeyPrefix.of(bytes)
            let suffix = bytes.count > 8 ? KeyPrefix.of(Array(bytes.suffix(8))) : 0
            let bit = KeyPrefix.bitIndex(prefix: prefix, suffix: suffix, count: bytes.count)
            nodes[index].keyBits |= 1 << bit
            let entry = index * 64 + bit
            edgeOfBit[entry] = edgeOfBit[entry] == Int16(Self.absent) ? Int16(edges.count - firstEdge) : Self.sharedBit
            let position = key.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ? Int32(key) : nil
            edges.append(
                Edge(
                    keyStart: Int32(start), keyCount: Int32(bytes.count), prefix: prefix, suffix: suffix,
                    arrayIndex: position ?? -1, isItemIndex: key == "X", child: 0))
        }
        for (offset, (_, child)) in children.enumerated() {
            edges[firstEdge + offset].child = Int32(nodes.count)
            flatten(builder, node: child, slotOfBuilderNode: &slotOfBuilderNode)
        }
        nodes[index].endSlot = Int32(slotCount)
    }

    /// The trie while it is built: children in insertion order.
    private struct Builder {
        struct Node {
            var children: [(key: String, node: Int)] = []
            var isPathEnd = false
        }
        var nodes = [Node()]

        mutating func insert(_ path: [String]) -> Int {
            var node = 0
            for segment in path {
                if let existing = nodes[node].children.first(where: { $0.key == segment }) {
                    node = existing.node
                } else {
                    nodes.append(Node())
                    nodes[node].children.append((segment, nodes.count - 1))
                    node = nodes.count - 1
                }
            }
            nodes[node].isPathEnd = true
            return node
        }
    }
}

extension JSONDocument {
    /// Walks the document once from `start`, writing into `slots` the node each of the trie's paths
    /// names (or ``PathTrie/absent``); `itemIndex` is the position `X` stands for, nil for none.
    package func fill(_ slots: inout [Int32], with trie: PathTrie, from start: Index, itemIndex: Int?) {
        slots.withUnsafeMutableBufferPointer { fill($0, with: trie, from: start, itemIndex: itemIndex) }
    }

    /// ``fill(_:with:from:itemIndex:)`` into memory the caller owns, `trie.slotCount` slots.
    package func fill(_ slots: UnsafeMutableBufferPointer<Int32>, with trie: PathTrie, from start: Index, itemIndex: Int?) {
        slots.update(repeating: PathTrie.absent)
        guard !trie.isEmpty else { return }
        nodes.withUnsafeBufferPointer { tape in
            bytes.withUnsafeBufferPointer { text in
                trie.keyBytes.withUnsafeBufferPointer { keys in
                    trie.edges.withUnsafeBufferPointer { edges in
                        trie.nodes.withUnsafeBufferPointer { trieNodes in
                            trie.edgeOfBit.withUnsafeBufferPointer { edgeOfBit in
                                let walk = TrieWalk(
                                    tape: tape, text: text, keys: keys, edges: edges, trieNodes: trieNodes, edgeOfBit: edgeOfBit,
                                    slots: slots, itemIndex: itemIndex ?? -1)
                                walk.visit(start, trieNode: 0)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The first eight bytes of a key as one integer, for comparing keys a word at a time.
enum KeyPrefix {
    /// The prefix of `key`.
    static func of(_ key: [UInt8]) -> UInt64 {
        var prefix: UInt64 = 0
        for (offset, byte) in key.prefix(8).enumerated() { prefix |= UInt64(byte) << (8 * UInt64(offset)) }
        return prefix
    }

    /// The key's bit in a node's ``PathTrie/Node/keyBits``: one of 64, from its first and last
    /// eight bytes and its length.
    @inline(__always)
    static func bitIndex(prefix: UInt64, suffix: UInt64, count: Int) -> Int {
        let mixed = (prefix ^ (suffix &* 0xC2B2_AE3D_27D4_EB4F)) &+ UInt64(truncatingIfNeeded: count)
        return Int(truncatingIfNeeded: (mixed &* 0x9E37_79B9_7F4A_7C15) >> 58)
    }

    /// The prefix of the `count` bytes at `start` in `text`.
    @inline(__always)
    static func of(_ text: UnsafeBufferPointer<UInt8>, start: Int, count: Int) -> UInt64 {
        let length = min(count, 8)
        if start + 8 <= text.count {
            let word = UnsafeRawPointer(text.baseAddress! + start).loadUnaligned(as: UInt64.self)
            return length == 8 ? UInt64(littleEndian: word) : UInt64(littleEndian: word) & ((1 << (8 * UInt64(length))) - 1)
        }
        var prefix: UInt64 = 0
        for offset in 0..<length { prefix |= UInt64(text[start + offset]) << (8 * UInt64(offset)) }
        return prefix
    }
}

/// One walk of ``JSONDocument/fill(_:with:from:itemIndex:)`` over raw buffers.
private struct TrieWalk {
    let tape: UnsafeBufferPointer<JSONDocument.Node>
    let text: UnsafeBufferPointer<UInt8>
    let keys: UnsafeBufferPointer<UInt8>
    let edges: UnsafeBufferPointer<PathTrie.Edge>
    let trieNodes: UnsafeBufferPointer<PathTrie.Node>
    let edgeOfBit: UnsafeBufferPointer<Int16>
    let slots: UnsafeMutableBufferPointer<Int32>
    /// The position `X` stands for, or -1.
    let itemIndex: Int

    func visit(_ node: Int, trieNode: Int) {
        let trie = trieNodes[trieNode]
        if trie.slot >= 0 { slots[Int(trie.slot)] = Int32(node) }
        guard trie.edgeCount > 0 else { return }
        let firstEdge = Int(trie.firstEdge)
        let endEdge = firstEdge + Int(trie.edgeCount)
        switch tape[node].kind {
        case .object:
            var child = node + 1
            let end = Int(tape[node].end)
            while child < end {
                let value = child + 1
                let key = tape[child]
                if key.flag {
                    visitEscaped(keyNode: child, value: value, edges: firstEdge..<endEdge)
                } else {
                    let start = Int(key.start)
                    let count = Int(key.length)
                    let prefix = KeyPrefix.of(text, start: start, count: count)
                    let suffix = count > 8 ? KeyPrefix.of(text, start: start + count - 8, count: 8) : 0
                    let bit = KeyPrefix.bitIndex(prefix: prefix, suffix: suffix, count: count)
                    guard trie.keyBits & (1 << bit) != 0 else {
                        child = Int(tape[value].end)
                        continue
                    }
                    let onlyEdge = edgeOfBit[trieNode &* 64 &+ bit]
                    let candidates = onlyEdge >= 0 ? firstEdge &+ Int(onlyEdge)..<firstEdge &+ Int(onlyEdge) &+ 1 : firstEdge..<endEdge
                    for edgeIndex in candidates {
                        let edge = edges[edgeIndex]
                        guard edge.keyCount == count, edge.prefix == prefix, edge.suffix == suffix, count <= 16 || restMatches(start, edge)
                        else { continue }
                        enter(value, edge)
                        break
                    }
                }
                child = Int(tape[value].end)
            }
        case .array:
            for edgeIndex in firstEdge..<endEdge {
                let edge = edges[edgeIndex]
                let position = edge.isItemIndex ? itemIndex : Int(edge.arrayIndex)
                if let element = element(of: node, at: position) { visit(element, trieNode: Int(edge.child)) }
            }
        default:
            return
        }
    }

    /// Visits a member's value under `edge`, first forgetting what an earlier member of the same
    /// key set: the last duplicate wins.
    @inline(__always)
    private func enter(_ value: Int, _ edge: PathTrie.Edge) {
        let target = trieNodes[Int(edge.child)]
        if target.edgeCount == 0 {
            // A leaf: its one slot is the whole subtree; set it, no call.
            if target.slot >= 0 { slots[Int(target.slot)] = Int32(value) }
            return
        }
        if target.endSlot - target.firstSlot == 1 {
            slots[Int(target.firstSlot)] = PathTrie.absent
        } else {
            for slot in Int(target.firstSlot)..<Int(target.endSlot) { slots[slot] = PathTrie.absent }
        }
        visit(value, trieNode: Int(edge.child))
    }

    /// Whether the key bytes past the first eight equal the edge's (the sixteen first and last
    /// being already equal, only keys longer than sixteen need this).
    private func restMatches(_ start: Int, _ edge: PathTrie.Edge) -> Bool {
        for offset in 8..<Int(edge.keyCount) where text[start + offset] != keys[Int(edge.keyStart) + offset] { return false }
        return true
    }

    /// A key written with escapes: decoded, then compared with every edge.
    private func visitEscaped(keyNode: Int, value: Int, edges range: Range<Int>) {
        let key = tape[keyNode]
        var decoded: [UInt8] = []
        JSONStringUnescaper.unescape(ArraySlice(text[Int(key.start)..<Int(key.start + key.length)]), into: &decoded)
        decoded = Array(String(decoding: decoded, as: UTF8.self).utf8)
        for edgeIndex in range {
            let edge = edges[edgeIndex]
            if decoded.elementsEqual(keys[Int(edge.keyStart)..<Int(edge.keyStart + edge.keyCount)]) { enter(value, edge) }
        }
    }

    /// The element at `position` of the array at `node`, or nil.
    private func element(of node: Int, at position: Int) -> Int? {
        guard position >= 0 else { return nil }
        var child = node + 1
        let end = Int(tape[node].end)
        var remaining = position
        while child < end {
            if remaining == 0 { return child }
            remaining -= 1
            child = Int(tape[child].end)
        }
        return nil
    }
}
