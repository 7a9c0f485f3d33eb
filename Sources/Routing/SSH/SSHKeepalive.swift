/// Decides when to probe an SSH session and when to give it up, from the times the bastion was last heard.
///
/// Pure state: the session handler reports inbound bytes with `heard(at:)` and calls `tick(at:)` every
/// interval; tests drive it with made-up instants.
struct SSHKeepalive {
    enum Action: Equatable {
        /// Nothing to do: the bastion spoke recently.
        case none
        /// Send a request the bastion must answer.
        case sendProbe
        /// The bastion missed `maxUnanswered` probes: close the session.
        case declareDead(silentFor: Duration)
    }

    let policy: SSHKeepalivePolicy
    private var lastHeard: ContinuousClock.Instant
    private var unanswered = 0

    init(policy: SSHKeepalivePolicy, now: ContinuousClock.Instant) {
        self.policy = policy
        self.lastHeard = now
    }

    /// Any bytes arrived from the bastion.
    mutating func heard(at now: ContinuousClock.Instant) {
        lastHeard = now
        unanswered = 0
    }

    /// Called every `policy.interval`.
    mutating func tick(at now: ContinuousClock.Instant) -> Action {
        let silence = now - lastHeard
        // A tick that lands a hair early still counts a full interval of silence.
        guard silence >= policy.interval * 0.9 else { return .none }
        if unanswered >= policy.maxUnanswered { return .declareDead(silentFor: silence) }
        unanswered += 1
        return .sendProbe
    }
}
