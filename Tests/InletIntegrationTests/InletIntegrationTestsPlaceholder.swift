@testable import InletServer
