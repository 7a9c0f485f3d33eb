import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Inlet server (PostgreSQL protocol on 127.0.0.1:6875, catalog in ./inlet-data)."
    )

    func run() async throws {
        throw ValidationError("inlet serve is not built yet")
    }
}
