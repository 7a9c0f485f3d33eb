extension Expression {
    /// The expressions directly inside this one and the queries it contains, in source order.
    public var children: (expressions: [Expression], queries: [SelectStatement]) {
        switch kind {
        case .literal, .column, .star, .parameter, .sqlValue:
            return ([], [])
        case .unary(_, let operand), .not(let operand), .isNull(let operand, _), .isTruth(let operand, _, _),
            .field(let operand, _), .cast(let operand, _), .collate(let operand, _), .extract(_, let operand):
            return ([operand], [])
        case .binary(_, let left, let right), .isDistinctFrom(let left, let right, _), .position(let left, let right),
            .atTimeZone(let left, let right):
            return ([left, right], [])
        case .and(let items), .or(let items), .array(let items), .row(let items, _):
            return (items, [])
        case .between(let operand, let low, let high, _, _):
            return ([operand, low, high], [])
        case .inList(let operand, let items, _):
            return ([operand] + items, [])
        case .inSubquery(let operand, let query, _):
            return ([operand], [query])
        case .like(let operand, let pattern, let escape, _, _):
            return ([operand, pattern] + (escape.map { [$0] } ?? []), [])
        case .quantified(let left, _, _, .array(let right)):
            return ([left, right], [])
        case .quantified(let left, _, _, .subquery(let query)):
            return ([left], [query])
        case .exists(let query), .subquery(let query), .arraySubquery(let query):
            return ([], [query])
        case .subscripted(let base, .index(let position)):
            return ([base, position], [])
        case .subscripted(let base, .slice(let lower, let upper)):
            return ([base] + [lower, upper].compactMap { $0 }, [])
        case .function(let call):
            var expressions = call.arguments + call.orderBy.map(\.expression)
            if let filter = call.filter { expressions.append(filter) }
            if case .specification(let specification) = call.over { expressions += specification.expressions }
            return (expressions, [])
        case .caseWhen(let caseExpression):
            var expressions = caseExpression.operand.map { [$0] } ?? []
            for branch in caseExpression.branches { expressions += [branch.condition, branch.result] }
            if let elseResult = caseExpression.elseResult { expressions.append(elseResult) }
            return (expressions, [])
        case .substring(let value, let from, let count):
            return ([value] + [from, count].compactMap { $0 }, [])
        case .trim(_, let characters, let value):
            return ((characters.map { [$0] } ?? []) + [value], [])
        }
    }
}

extension WindowSpecification {
    var expressions: [Expression] {
        var result = partitionBy + orderBy.map(\.expression)
        for bound in [frame?.start, frame?.end] {
            switch bound {
            case .preceding(let offset), .following(let offset): result.append(offset)
            default: break
            }
        }
        return result
    }
}

extension SelectStatement {
    /// Calls `visit` with every expression of the statement, its subqueries and CTEs, parents before children.
    public func forEachExpression(_ visit: (Expression) -> Void) {
        var queries = [self]
        while let query = queries.popLast() {
            var expressions: [Expression] = []
            query.collect(into: &expressions, queries: &queries)
            while let expression = expressions.popLast() {
                visit(expression)
                let (inner, innerQueries) = expression.children
                expressions += inner.reversed()
                queries += innerQueries
            }
        }
    }

    /// Calls `visit` with every table reference in FROM clauses, of this statement and every query inside it.
    public func forEachTableReference(_ visit: (TableReference) -> Void) {
        var references: [TableReference] = []
        forEachQuery { query in
            query.body.forEachClause { clause in references += clause.from }
        }
        while let reference = references.popLast() {
            visit(reference)
            switch reference.kind {
            case .join(let join): references += [join.right, join.left]
            case .nested(let inner): references.append(inner)
            default: break
            }
        }
    }

    /// The highest `$n` the statement uses: how many parameters it takes.
    public var parameterCount: Int {
        var highest = 0
        forEachExpression { expression in
            if case .parameter(let number) = expression.kind { highest = max(highest, number) }
        }
        return highest
    }

    /// Calls `visit` with this statement and every query inside it (CTEs, subqueries in FROM and expressions).
    func forEachQuery(_ visit: (SelectStatement) -> Void) {
        var queries = [self]
        while let query = queries.popLast() {
            visit(query)
            var expressions: [Expression] = []
            query.collect(into: &expressions, queries: &queries)
            while let expression = expressions.popLast() {
                let (inner, innerQueries) = expression.children
                expressions += inner
                queries += innerQueries
            }
        }
    }

    /// The statement's own expressions (not those of queries inside it) and the queries directly inside it.
    func collect(into expressions: inout [Expression], queries: inout [SelectStatement]) {
        var own: [Expression] = []
        if let with = self.with { queries += with.queries.map(\.query) }
        own += orderBy.map(\.expression)
        if let count = limit?.count { own.append(count) }
        if let offset = limit?.offset { own.append(offset) }
        body.forEachClause { clause in
            switch clause.distinct {
            case .distinctOn(let items): own += items
            default: break
            }
            own += clause.targets.map(\.expression)
            var references = clause.from
            while let reference = references.popLast() {
                switch reference.kind {
                case .relation: break
                case .subquery(let query, _): queries.append(query)
                case .function(let call, _, _): own.append(call)
                case .join(let join):
                    references += [join.left, join.right]
                    if case .on(let condition) = join.condition { own.append(condition) }
                case .nested(let inner): references.append(inner)
                }
            }
            own += [clause.whereClause, clause.having].compactMap { $0 } + clause.groupBy
            own += (clause.groupingSets ?? []).flatMap { $0 }
            for window in clause.windows { own += window.specification.expressions }
        } values: { rows in
            own += rows.flatMap { $0 }
        } nested: { statement in
            queries.append(statement)
        }
        expressions += own.reversed()
    }
}

extension QueryBody {
    /// Calls `visit` with every SELECT of the body (through set operations; not into nested statements).
    func forEachClause(_ visit: (SelectClause) -> Void) {
        forEachClause(visit, values: { _ in }, nested: { _ in })
    }

    func forEachClause(
        _ visit: (SelectClause) -> Void, values: ([[Expression]]) -> Void, nested: (SelectStatement) -> Void
    ) {
        var bodies = [self]
        while let body = bodies.popLast() {
            switch body {
            case .select(let clause): visit(clause)
            case .values(let rows, _): values(rows)
            case .table: break
            case .setOperation(let operation): bodies += [operation.right, operation.left]
            case .nested(let statement): nested(statement)
            }
        }
    }
}
