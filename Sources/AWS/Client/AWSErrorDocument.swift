import Foundation
import XMLCoder

/// The error body of a Query API answer, in either of AWS's two shapes.
///
/// EC2: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`;
/// STS and IAM: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
struct AWSErrorDocument: Decodable {
    struct Detail: Decodable {
        var code: String?
        var message: String?

        enum CodingKeys: String, CodingKey {
            case code = "Code"
            case message = "Message"
        }
    }

    struct ErrorList: Decodable {
        var errors: [Detail]?

        enum CodingKeys: String, CodingKey { case errors = "Error" }
    }

    var list: ErrorList?
    var single: Detail?
    var requestIDUpper: String?
    var requestIDMixed: String?

    enum CodingKeys: String, CodingKey {
        case list = "Errors"
        case single = "Error"
        case requestIDUpper = "RequestID"
        case requestIDMixed = "RequestId"
    }

    var first: Detail? { list?.errors?.first ?? single }
    var requestID: String? { requestIDUpper ?? requestIDMixed }

    static func decode(_ body: Data) -> AWSErrorDocument? {
        try? XMLDecoder().decode(AWSErrorDocument.self, from: body)
    }
}
