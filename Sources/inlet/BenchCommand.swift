import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print Inlet's figures next to librdkafka's from the same run.",
        subcommands: []
    )
}
