import ArgumentParser
import Foundation
import KafkaClient

/// Runs a command body, turning any failure into one line on stderr and exit status 1.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        let message: String
        if let error = error as? KafkaClientError {
            message = error.message
        } else {
            message = String(describing: error)
        }
        FileHandle.standardError.write(Data("inlet: \(message.replacingOccurrences(of: "\n", with: " "))\n".utf8))
        throw ExitCode(1)
    }
}
