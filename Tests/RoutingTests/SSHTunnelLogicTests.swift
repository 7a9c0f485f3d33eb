import Testing

@testable import Routing

@Suite("SSH tunnel logic")
struct SSHTunnelLogicTests {
    @Test func keepaliveProbesWhenSilentAndGivesUpAfterTheLimit() {
        let start = ContinuousClock.now
        let policy = SSHKeepalivePolicy(interval: .seconds(10), maxUnanswered: 3)
        var keepalive = SSHKeepalive(policy: policy, now: start)
        #expect(keepalive.tick(at: start + .seconds(5)) == .none)
        #expect(keepalive.tick(at: start + .seconds(10)) == .sendProbe)
        keepalive.heard(at: start + .seconds(12))
        #expect(keepalive.tick(at: start + .seconds(20)) == .none)
        #expect(keepalive.tick(at: start + .seconds(30)) == .sendProbe)
        #expect(keepalive.tick(at: start + .seconds(40)) == .sendProbe)
        #expect(keepalive.tick(at: start + .seconds(50)) == .sendProbe)
        #expect(keepalive.tick(at: start + .seconds(60)) == .declareDead(silentFor: .seconds(48)))
    }

    @Test func anAnswerResetsTheUnansweredCount() {
        let start = ContinuousClock.now
        var keepalive = SSHKeepalive(policy: SSHKeepalivePolicy(interval: .seconds(1), maxUnanswered: 1), now: start)
        #expect(keepalive.tick(at: start + .seconds(1)) == .sendProbe)
        keepalive.heard(at: start + .milliseconds(1500))
        #expect(keepalive.tick(at: start + .seconds(2)) == .none)
        #expect(keepalive.tick(at: start + .milliseconds(2500)) == .sendProbe)
        #expect(keepalive.tick(at: start + .milliseconds(3500)) == .declareDead(silentFor: .seconds(2)))
    }

    @Test func backoffGrowsAndIsCapped() {
        let backoff = SSHReconnectBackoff(initial: .milliseconds(200), maximum: .seconds(5), multiplier: 2)
        #expect(backoff.delay(afterFailures: 0) == .zero)
        #expect(backoff.delay(afterFailures: 1) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 2) == .milliseconds(400))
        #expect(backoff.delay(afterFailures: 5) == .milliseconds(3200))
        #expect(backoff.delay(afterFailures: 6) == .seconds(5))
        #expect(backoff.delay(afterFailures: 1000) == .seconds(5))
        for _ in 0..<20 {
            let jittered = backoff.jitteredDelay(afterFailures: 3)
            #expect(jittered >= .milliseconds(400) && jittered <= .milliseconds(800))
        }
    }

    @Test func destinationsParseWithDefaultsAndBrackets() throws {
        #expect(try SSHTunnelConfiguration.parseDestination("kafka@bastion:2222") == ("kafka", "bastion", 2222))
        #expect(try SSHTunnelConfiguration.parseDestination("kafka@bastion") == ("kafka", "bastion", 22))
        #expect(
            try SSHTunnelConfiguration.parseDestination("ec2-user@[2001:db8::1]:22") == ("ec2-user", "2001:db8::1", 22))
        #expect(try SSHTunnelConfiguration.parseDestination("a@b@host:1") == ("a@b", "host", 1))
        #expect(throws: SSHKeyError.self) { try SSHTunnelConfiguration.parseDestination("bastion:22") }
        #expect(throws: SSHKeyError.self) { try SSHTunnelConfiguration.parseDestination("u@bastion:99999") }
        #expect(throws: SSHKeyError.self) { try SSHTunnelConfiguration.parseDestination("u@:22") }
    }

    @Test func channelOpenFailuresAreReadFromNIOSSHDescriptions() {
        let prohibited = SSHTunnelError.channelOpenFailure(
            from: "NIOSSHError.channelSetupRejected: Reason: 1 open failed")
        #expect(prohibited.code == 1 && prohibited.reason == "open failed")
        let unresolvable = SSHTunnelError.channelOpenFailure(
            from: "NIOSSHError.channelSetupRejected: Reason: 2 Name or service not known")
        #expect(unresolvable.code == 2 && unresolvable.reason == "Name or service not known")
        #expect(SSHTunnelError.channelOpenFailure(from: "something else").code == 0)
    }

    @Test func statusDescribesItself() {
        #expect("\(SSHTunnelStatus.running)" == "running")
        #expect("\(SSHTunnelStatus.errored("bastion unreachable"))" == "errored: bastion unreachable")
        #expect(SSHTunnelStatus.errored("x").error == "x")
        #expect(SSHTunnelStatus.connecting.name == "connecting")
    }
}
