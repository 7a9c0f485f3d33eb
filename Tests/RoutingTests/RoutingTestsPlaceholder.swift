@testable import Routing
