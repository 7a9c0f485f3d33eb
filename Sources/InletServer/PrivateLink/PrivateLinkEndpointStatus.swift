/// The status words of `mz_aws_privatelink_connection_status_history` (Materialize's), and how an EC2 endpoint
/// state maps onto them.
public enum PrivateLinkEndpointStatus {
    public static let pendingServiceDiscovery = "pending-service-discovery"
    public static let creatingEndpoint = "creating-endpoint"
    public static let available = "available"
    public static let deleted = "deleted"
    public static let failed = "failed"

    /// `pendingAcceptance` → `pending-acceptance`, `Available` → `available`, …; unknown states stay visible.
    public static func status(ofEndpointState state: String) -> String {
        switch state.lowercased() {
        case "pendingacceptance", "pending-acceptance": return "pending-acceptance"
        case "pending": return "pending"
        case "available": return "available"
        case "deleting": return "deleting"
        case "deleted": return "deleted"
        case "rejected": return "rejected"
        case "failed": return "failed"
        case "expired": return "expired"
        default: return "unknown"
        }
    }

    /// States that change only when the user or the service owner acts: they are looked at again slowly, not
    /// polled with backoff.
    public static func isSettled(_ status: String) -> Bool {
        ["available", "rejected", "failed", "expired", "deleted"].contains(status)
    }
}
