@testable import Catalog
