@testable import PGWire
