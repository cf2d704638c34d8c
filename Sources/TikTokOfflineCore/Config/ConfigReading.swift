/// The library's ways in and out of a config: decoding its JSON, reading its file, writing it back.
extension Config {
    /// Decodes a config from the JSON of a `tiktok-offline.json` file.
    ///
    /// - Throws: ``ConfigError`` with every problem found, each named by its key path and
    ///   position, when the JSON is not a valid config.
    public init(decoding json: [UInt8]) throws(ConfigError) {
        self = try ConfigDecoder.decode(json).config
    }

    /// Decodes a config from JSON text.
    ///
    /// - Throws: ``ConfigError`` when the text is not a valid config.
    public init(decoding json: String) throws(ConfigError) {
        try self.init(decoding: Array(json.utf8))
    }

    /// Decodes a config, returning it with its notes: the warnings and infos that do not stop it
    /// from being used, such as a TikTok event name that has been renamed.
    ///
    /// - Throws: ``ConfigError`` when the JSON is not a valid config.
    public static func decode(_ json: [UInt8]) throws(ConfigError) -> (config: Config, notes: [ConfigProblem]) {
        try ConfigDecoder.decode(json)
    }

    /// Reads and decodes the config file at `path`, returning it with its notes.
    ///
    /// - Throws: ``FileError`` when the file cannot be read (missing, unreadable, a folder, too
    ///   large); ``ConfigError`` when it is read but is not a valid config.
    public static func load(contentsOfFile path: String) throws -> (config: Config, notes: [ConfigProblem]) {
        do {
            return try ConfigFile.load(path)
        } catch .unreadable(let error) {
            throw error
        } catch .invalid(_, let error) {
            throw error
        }
    }

    /// The config as canonical JSON text, the bytes the configurator saves: keys in a fixed
    /// order, two-space indentation, a final newline.
    public var canonicalJSON: String { ConfigWriter.canonicalText(self) }
}
