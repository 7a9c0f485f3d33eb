import AWS
import Testing

/// The AWS module's XML shapes against answers in EC2's documented form (and its error documents), without a
/// network: XMLCoder reads them, and `AWSError` carries AWS's code, message and request id.
@Suite struct EC2ResponseDecodingTests {
    @Test func anEC2ErrorDocumentBecomesACodeAndMessage() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response><Errors><Error><Code>InvalidVpcEndpointId.NotFound</Code><Message>The VpcEndpoint Id \
            'vpce-1' does not exist</Message></Error></Errors><RequestID>3c1e-11</RequestID></Response>
            """
        let error = AWSClient.serviceError(status: 400, body: Array(body.utf8), operation: "ec2:DescribeVpcEndpoints")
        #expect(error.awsCode == "InvalidVpcEndpointId.NotFound")
        #expect(error.awsMessage == "The VpcEndpoint Id 'vpce-1' does not exist")
        #expect(error.requestID == "3c1e-11")
        #expect(
            error.description
                == "ec2:DescribeVpcEndpoints: InvalidVpcEndpointId.NotFound: The VpcEndpoint Id 'vpce-1' does not exist (HTTP 400, request id 3c1e-11)"
        )
    }

    @Test func anSTSErrorDocumentBecomesACodeAndMessage() {
        let body = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
            <Code>InvalidIdentityToken</Code><Message>No OpenIDConnect provider found</Message></Error>\
            <RequestId>r-1</RequestId></ErrorResponse>
            """
        let error = AWSClient.serviceError(
            status: 400, body: Array(body.utf8), operation: "sts:AssumeRoleWithWebIdentity")
        #expect(error.awsCode == "InvalidIdentityToken")
        #expect(error.requestID == "r-1")
    }

    @Test func anAnswerWithoutAnErrorDocumentStillSaysWhatCame() {
        let error = AWSClient.serviceError(status: 502, body: Array("Bad Gateway".utf8), operation: "ec2:X")
        #expect(error.awsCode == nil)
        #expect(error.message.contains("HTTP 502"))
        #expect(error.message.contains("Bad Gateway"))
    }
}
