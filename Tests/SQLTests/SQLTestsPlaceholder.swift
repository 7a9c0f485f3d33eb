@testable import SQL
