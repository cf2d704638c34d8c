import Testing

@testable import TikTokOfflineCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The buffered output of the bulk transform: small writes are gathered, large blocks go straight
/// to the file, and the file holds every byte in the order written.
@Suite("Byte sink")
struct ByteSinkTests {
    /// A new empty file in `folder`, open for writing, and its path.
    private func newFile(in folder: TemporaryFolder) throws -> (descriptor: Int32, path: String) {
        let path = folder.path + "/out.ndjson"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        try #require(descriptor >= 0)
        return (descriptor, path)
    }

    @Test("small writes, blocks over the direct threshold and the bytes buffered before them keep their order")
    func orderAcrossDirectBlocks() throws {
        let folder = try TemporaryFolder()
        let (descriptor, path) = try newFile(in: folder)
        defer { close(descriptor) }
        let sink = ByteSink(descriptor: descriptor, name: path)
        let block = (0..<(ByteSink.directThreshold + 1)).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let justUnder = [UInt8](repeating: 0x41, count: ByteSink.directThreshold - 1)
        var expected: [UInt8] = []
        for piece in [Array("first\n".utf8), block, Array("between\n".utf8), justUnder, block, block, Array("last\n".utf8)] {
            try sink.write(piece)
            expected += piece
        }
        try sink.flush()
        let written = try FileIO.readAll(path)
        #expect(written.count == 3 * block.count + justUnder.count + 19)
        #expect(written == expected)
    }

    @Test("starting the disk's write early, past several steps, leaves every byte in place and in order")
    func writesToDiskEarly() throws {
        let folder = try TemporaryFolder()
        let (descriptor, path) = try newFile(in: folder)
        defer { close(descriptor) }
        let sink = ByteSink(descriptor: descriptor, name: path, writesToDiskEarly: true)
        var expected: [UInt8] = []
        // Blocks of a size prime to the step, so that steps end inside blocks and inside the
        // buffer's gathered small writes.
        var index = 0
        while expected.count <= 3 * ByteSink.writeBackStep {
            let block = [UInt8](repeating: UInt8(truncatingIfNeeded: index % 251), count: index % 2 == 0 ? 100_003 : 17)
            try sink.write(block)
            expected += block
            index += 1
        }
        try sink.flush()
        #expect(try FileIO.readAll(path, limit: expected.count) == expected)

        let device = open("/dev/null", O_WRONLY)
        try #require(device >= 0)
        defer { close(device) }
        let deviceSink = ByteSink(descriptor: device, name: "/dev/null", writesToDiskEarly: true)
        try deviceSink.write(expected)
        try deviceSink.flush()
    }

    @Test("a failed direct write names the file and says why")
    func directWriteFailure() throws {
        let folder = try TemporaryFolder()
        let (descriptor, path) = try newFile(in: folder)
        close(descriptor)
        let readOnly = open(path, O_RDONLY)
        try #require(readOnly >= 0)
        defer { close(readOnly) }
        let sink = ByteSink(descriptor: readOnly, name: "out.ndjson")
        let block = [UInt8](repeating: 0x7B, count: ByteSink.directThreshold)
        let error = #expect(throws: FileError.self) { try sink.write(block) }
        #expect(error?.path == "out.ndjson")
        #expect(error?.reason.isEmpty == false)
    }
}
