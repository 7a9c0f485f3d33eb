/// Analytical queries over the source corpus's relations and views (see `SourceCorpus`).
extension SourceCorpus {
    static let queries: [CompatibilityQuery] = [
        // Filters and ordering over a view that shapes JSON into columns.
        CompatibilityQuery("SELECT * FROM orders ORDER BY id", .identical),
        CompatibilityQuery("SELECT id, customer FROM orders WHERE qty > 3 ORDER BY id", .identical),
        CompatibilityQuery("SELECT id FROM orders WHERE qty IS NULL", .identical),
        CompatibilityQuery("SELECT id, qty FROM orders ORDER BY qty, id", .identical),
        CompatibilityQuery("SELECT id, qty FROM orders ORDER BY qty DESC NULLS LAST, id", .identical),
        CompatibilityQuery("SELECT id FROM orders WHERE status IN ('open', 'cancelled') ORDER BY id", .identical),
        CompatibilityQuery("SELECT id FROM orders WHERE customer LIKE '%a%' ORDER BY id", .identical),
        CompatibilityQuery("SELECT id FROM orders WHERE customer ILIKE 'A%' ORDER BY id", .identical),
        CompatibilityQuery("SELECT id FROM orders WHERE price BETWEEN 500 AND 1200 ORDER BY id", .identical),
        CompatibilityQuery(
            "SELECT id, price / qty, price % 7 FROM orders WHERE qty IS NOT NULL ORDER BY id", .identical),
        CompatibilityQuery(
            "SELECT id, coalesce(qty, 0) * price AS total FROM orders ORDER BY total DESC, id", .identical),
        CompatibilityQuery("SELECT id FROM orders ORDER BY id DESC LIMIT 3", .identical),
        CompatibilityQuery("SELECT id FROM orders ORDER BY id LIMIT 4 OFFSET 5", .identical),
        CompatibilityQuery("SELECT id FROM orders ORDER BY id FETCH FIRST 2 ROWS ONLY", .identical),
        CompatibilityQuery("SELECT DISTINCT customer FROM orders ORDER BY customer", .identical),
        CompatibilityQuery("SELECT DISTINCT status FROM orders ORDER BY 1 DESC", .identical),
        // Aggregates, GROUP BY and HAVING.
        CompatibilityQuery("SELECT count(*), count(qty), sum(qty), min(price), max(price) FROM orders", .identical),
        CompatibilityQuery("SELECT status, count(*) FROM orders GROUP BY status ORDER BY status", .identical),
        CompatibilityQuery(
            "SELECT customer, sum(qty) AS q, max(price) FROM orders GROUP BY customer ORDER BY q DESC NULLS LAST, customer",
            .identical),
        CompatibilityQuery(
            "SELECT customer, count(*) FROM orders GROUP BY customer HAVING count(*) >= 2 ORDER BY 2 DESC, 1",
            .identical),
        CompatibilityQuery(
            "SELECT status, avg(price::float8) FROM orders GROUP BY status HAVING avg(price::float8) > 600 ORDER BY 1",
            .identical),
        CompatibilityQuery("SELECT count(DISTINCT customer), count(DISTINCT status) FROM orders", .identical),
        CompatibilityQuery(
            "SELECT customer, count(*) FILTER (WHERE status = 'paid') AS paid, count(*) FILTER (WHERE status <> 'paid') "
                + "FROM orders GROUP BY customer ORDER BY customer",
            .identical),
        CompatibilityQuery(
            "SELECT bool_and(price > 100), bool_or(status = 'cancelled') FROM orders", .identical),
        CompatibilityQuery("SELECT sum(total), count(*) FROM paid", .identical),
        CompatibilityQuery("SELECT customer, sum(total) FROM paid GROUP BY 1 ORDER BY 2 DESC", .identical),
        CompatibilityQuery(
            "SELECT length(customer) AS l, count(*) FROM orders GROUP BY l ORDER BY l", .identical),
        CompatibilityQuery(
            "SELECT CASE WHEN price >= 1000 THEN 'big' ELSE 'small' END AS size, count(*) FROM orders GROUP BY 1 ORDER BY 1",
            .identical),
        // Window functions.
        CompatibilityQuery(
            "SELECT id, row_number() OVER (PARTITION BY customer ORDER BY id) FROM orders ORDER BY id", .identical),
        CompatibilityQuery(
            "SELECT id, rank() OVER (ORDER BY price DESC), dense_rank() OVER (ORDER BY status) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, sum(price) OVER (PARTITION BY customer) FROM orders ORDER BY id", .identical),
        CompatibilityQuery(
            "SELECT id, sum(price) OVER (ORDER BY id) AS running FROM orders ORDER BY id", .identical),
        CompatibilityQuery(
            "SELECT id, lag(price) OVER (ORDER BY id), lead(customer) OVER (ORDER BY id) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT customer, total, rank() OVER (ORDER BY total DESC) FROM paid ORDER BY 3, 1", .identical),
        CompatibilityQuery(
            "SELECT id, count(*) OVER (PARTITION BY status) FROM orders ORDER BY id", .identical),
        // CTEs and subqueries.
        CompatibilityQuery(
            "WITH big AS (SELECT * FROM orders WHERE price > 1000) SELECT customer, count(*) FROM big GROUP BY 1 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "WITH totals AS (SELECT customer, sum(total) AS s FROM paid GROUP BY customer) "
                + "SELECT customer FROM totals WHERE s = (SELECT max(s) FROM totals)",
            .identical),
        CompatibilityQuery(
            "SELECT id FROM orders WHERE price > (SELECT avg(price::float8) FROM orders) ORDER BY id", .identical),
        CompatibilityQuery(
            "SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer = c.name) ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT name FROM customers WHERE name NOT IN (SELECT customer FROM orders) ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT id FROM orders WHERE customer = ANY (SELECT name FROM customers WHERE city = 'Oslo') ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT c.name, (SELECT count(*) FROM orders o WHERE o.customer = c.name) FROM customers c ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT s.customer, s.n FROM (SELECT customer, count(*) AS n FROM orders GROUP BY customer) s "
                + "WHERE s.n > 1 ORDER BY 1",
            .identical),
        // Joins of sources and views.
        CompatibilityQuery(
            "SELECT o.id, c.city FROM orders o JOIN customers c ON c.name = o.customer ORDER BY o.id", .identical),
        CompatibilityQuery(
            "SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer = c.name ORDER BY 1, 2", .identical),
        CompatibilityQuery(
            "SELECT c.city, count(o.id), sum(o.price) FROM customers c LEFT JOIN orders o ON o.customer = c.name "
                + "GROUP BY c.city ORDER BY c.city",
            .identical),
        CompatibilityQuery(
            "SELECT o.id, c.id FROM orders o RIGHT JOIN customers c ON c.name = o.customer ORDER BY 2, 1", .identical),
        CompatibilityQuery(
            "SELECT o.id, c.name FROM orders o FULL JOIN customers c ON c.name = o.customer AND o.status = 'paid' "
                + "ORDER BY 1 NULLS FIRST, 2",
            .identical),
        CompatibilityQuery(
            "SELECT p.id, c.city FROM paid p JOIN customers c ON c.name = p.customer WHERE c.city = 'Oslo' ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT name, count(order_id) FROM customer_orders GROUP BY name ORDER BY 2 DESC, 1", .identical),
        CompatibilityQuery("SELECT * FROM customer_orders WHERE order_id IS NULL", .identical),
        CompatibilityQuery(
            "SELECT c.name, d.data->>'status' FROM customers_csv c JOIN orders_json d ON d.data->>'customer' = c.name "
                + "WHERE c.id = '2' ORDER BY (d.data->>'id')::int",
            .identical),
        CompatibilityQuery(
            "SELECT a.id, b.id FROM customers a CROSS JOIN customers b WHERE a.id + b.id = 8 ORDER BY 1",
            .identical),
        // JSON extraction over the source's documents.
        CompatibilityQuery(
            "SELECT data->>'customer', data->'qty' FROM orders_json ORDER BY (data->>'id')::int", .identical),
        CompatibilityQuery(
            "SELECT (data->>'id')::int, data->'tags'->>0, data->'tags'->0 FROM orders_json ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT (data->>'id')::int, data->'qty'->0, data->'status'->>-1, data->'tags'->1 FROM orders_json ORDER BY 1",
            .identical),
        CompatibilityQuery("SELECT count(*) FROM orders_json WHERE data->'tags' IS NULL", .identical),
        CompatibilityQuery("SELECT (data->>'id')::int FROM orders_json WHERE data->>'gift' = 'true'", .identical),
        CompatibilityQuery("SELECT data->>'missing' IS NULL, count(*) FROM orders_json GROUP BY 1", .identical),
        CompatibilityQuery(
            "SELECT sum((data->>'qty')::int) FROM orders_json WHERE data->>'status' = 'paid'", .identical),
        CompatibilityQuery("SELECT sku, name, stock FROM stock ORDER BY sku", .identical),
        CompatibilityQuery("SELECT key, data->>'stock' FROM inventory ORDER BY key", .identical),
        CompatibilityQuery("SELECT count(*) FROM stock WHERE stock > 0", .identical),
        // Casts and text.
        CompatibilityQuery("SELECT id::text || ':' || name, upper(city) FROM customers ORDER BY id", .identical),
        CompatibilityQuery("SELECT id, lower(city), upper(lower(name)) FROM customers ORDER BY id", .identical),
        CompatibilityQuery("SELECT id * 10, id::bigint + 1, (id::float8 / 4) FROM customers ORDER BY id", .identical),
        CompatibilityQuery("SELECT max(id::int), min(name) FROM customers_csv", .identical),
        CompatibilityQuery("SELECT text FROM notes WHERE text LIKE 'error%' ORDER BY text", .identical),
        CompatibilityQuery("SELECT text FROM notes WHERE text ILIKE 'info%' ORDER BY text", .identical),
        CompatibilityQuery(
            "SELECT lower(substring(text FROM 1 FOR strpos(text, ':') - 1)) AS level, count(*) FROM notes "
                + "GROUP BY 1 ORDER BY 1",
            .identical),
        CompatibilityQuery("SELECT replace(text, ': ', '='), length(text) FROM notes ORDER BY 2, 1", .identical),
        CompatibilityQuery("SELECT trim(both ' ' FROM '  ' || city || '  ') FROM customers ORDER BY id", .identical),
        // NULL handling.
        CompatibilityQuery("SELECT id, nullif(status, 'open'), coalesce(qty, -1) FROM orders ORDER BY id", .identical),
        CompatibilityQuery("SELECT id, qty IS DISTINCT FROM 3 FROM orders ORDER BY id", .identical),
        CompatibilityQuery("SELECT count(*) FROM orders WHERE qty > 100 OR qty IS NULL", .identical),
        // Set operations.
        CompatibilityQuery(
            "SELECT customer FROM orders UNION SELECT name FROM customers ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT name FROM customers EXCEPT SELECT customer FROM paid ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT customer FROM orders WHERE status = 'open' INTERSECT SELECT customer FROM paid ORDER BY 1",
            .identical),
        CompatibilityQuery("SELECT id FROM paid UNION ALL SELECT id FROM customers ORDER BY 1", .identical),
        // Errors, answered with PostgreSQL's SQLSTATE.
        CompatibilityQuery("SELECT nope FROM orders", .identical),
        CompatibilityQuery("SELECT id FROM orders o JOIN customers c ON c.name = o.customer", .identical),
        CompatibilityQuery("SELECT * FROM orders WHERE customer = 1", .identical),
        CompatibilityQuery("SELECT sum(customer) FROM orders", .identical),
        // Refused: the result is numeric, which SQLite would compute in binary floating point.
        CompatibilityQuery("SELECT avg(qty) FROM orders", .identical),
    ]
}

/// Dates: casts from text, output, arithmetic, comparison, extract/date_part and date_trunc, over the orders'
/// `placed` dates and constants.
extension SourceCorpus {
    static let dateQueries: [CompatibilityQuery] = [
        CompatibilityQuery("SELECT id, placed FROM orders ORDER BY placed, id", .identical),
        CompatibilityQuery("SELECT id, placed + 30, placed - 1 FROM orders ORDER BY id", .identical),
        CompatibilityQuery("SELECT id, placed - DATE '2024-01-01' FROM orders ORDER BY id", .identical),
        CompatibilityQuery("SELECT id FROM orders WHERE placed >= '2024-03-01' ORDER BY id", .identical),
        CompatibilityQuery(
            "SELECT id FROM orders WHERE placed BETWEEN '2024-01-01' AND '2024-03-31' ORDER BY id", .identical),
        CompatibilityQuery(
            "SELECT extract(year FROM placed) AS y, count(*) FROM orders GROUP BY 1 ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT id, extract(month FROM placed), extract(day FROM placed), extract(dow FROM placed) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, date_part('doy', placed), extract(quarter FROM placed), extract(isodow FROM placed) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery("SELECT id, extract(epoch FROM placed) FROM orders ORDER BY id", .identical),
        CompatibilityQuery(
            "SELECT date_trunc('month', placed) AS m, count(*) FROM orders GROUP BY 1 ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT id, date_trunc('year', placed), date_trunc('quarter', placed), date_trunc('week', placed) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery("SELECT min(placed), max(placed) FROM orders", .identical),
        CompatibilityQuery("SELECT customer, max(placed) - min(placed) FROM orders GROUP BY 1 ORDER BY 1", .identical),
        CompatibilityQuery("SELECT placed::text || '!' FROM orders WHERE id = 3", .identical),
        CompatibilityQuery("SELECT '2024-02-29'::date + 365, '2023-03-01'::date - '2023-02-01'::date", .identical),
        CompatibilityQuery("SELECT DATE '2024-12-31' + 1, 1 + DATE '2024-02-28'", .identical),
        CompatibilityQuery("SELECT '2024-02-30'::date", .identical),
        CompatibilityQuery("SELECT '2024-01-05' < '2024-01-06'::date, DATE '2024-01-05' = '2024-01-05'", .identical),
        CompatibilityQuery("SELECT extract(hour FROM DATE '2024-01-05')", .identical),
        CompatibilityQuery("SELECT current_date = current_date, current_date - current_date", .identical),
        CompatibilityQuery("SELECT CAST('2024-01-05 10:30:00' AS date)", .identical),
        CompatibilityQuery(
            "SELECT id FROM orders WHERE placed > (SELECT min(placed) FROM orders) + 180 ORDER BY id", .identical),
    ]

    /// Timestamps from a source's INCLUDE TIMESTAMP column in date/time expressions.
    static let timestampQueries: [CompatibilityQuery] = [
        CompatibilityQuery("SELECT data->>'id', ts FROM events ORDER BY ts", .identical),
        CompatibilityQuery(
            "SELECT ts + interval '1 month', ts - interval '1 day 2 hours', ts + interval '1 year' FROM events ORDER BY ts",
            .identical),
        CompatibilityQuery(
            "SELECT date_trunc('month', ts) AS m, count(*) FROM events GROUP BY 1 ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT extract(epoch FROM ts), extract(second FROM ts), date_part('dow', ts), extract(doy FROM ts) "
                + "FROM events ORDER BY ts",
            .identical),
        CompatibilityQuery("SELECT max(ts) - min(ts), age(max(ts), min(ts)) FROM events", .identical),
        CompatibilityQuery(
            "SELECT to_char(ts, 'YYYY-MM-DD HH24:MI:SS.MS Dy FMMonth') FROM events ORDER BY ts", .identical),
        CompatibilityQuery(
            "SELECT data->>'id' FROM events WHERE ts >= '2024-02-29' AND ts < timestamp '2024-03-01' + interval '1 day' "
                + "ORDER BY 1",
            .identical),
        CompatibilityQuery("SELECT ts::date, ts::timestamptz, ts::text FROM events ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT data->>'id', ts - lag(ts) OVER (ORDER BY ts) FROM events ORDER BY ts", .identical),
        CompatibilityQuery(
            "SELECT data->>'id', ts + (data->>'d')::interval, (data->>'d')::interval * 2 FROM events ORDER BY ts",
            .identical),
        CompatibilityQuery(
            "SELECT data->>'kind', min(ts), max(ts), max(ts) - min(ts) FROM events GROUP BY 1 ORDER BY 1", .identical),
        CompatibilityQuery(
            "SELECT count(*) FROM events WHERE ts > now() - interval '100 years' AND ts < current_date", .identical),
        CompatibilityQuery(
            "SELECT data->>'id', date_trunc('week', ts), ts - date_trunc('day', ts) FROM events ORDER BY ts",
            .identical),
        CompatibilityQuery(
            "SELECT (data->>'d')::interval AS d FROM events WHERE data->>'d' IS NOT NULL ORDER BY d DESC", .identical),
    ]

    /// jsonb operators over a FORMAT JSON source and exact numeric over its view.
    static let jsonbNumericQueries: [CompatibilityQuery] = [
        CompatibilityQuery(
            "SELECT data->>'id', data #>> '{tags,0}', data #> '{tags}', data->'tags'->-1 FROM orders_json ORDER BY (data->>'id')::int",
            .identical),
        CompatibilityQuery(
            #"SELECT data->>'id' FROM orders_json WHERE data @> '{"status": "paid"}' ORDER BY 1"#,
            .identical),
        CompatibilityQuery(
            #"SELECT data->>'id' FROM orders_json WHERE data @> '{"tags": ["a"]}' AND NOT data @> '{"customer": "alice"}' ORDER BY 1"#,
            .identical),
        CompatibilityQuery(
            "SELECT data->>'id', data ? 'gift', data ? 'tags', data ?| '{gift,qty}', data ?& '{qty,tags}' FROM orders_json ORDER BY (data->>'id')::int",
            .identical),
        CompatibilityQuery(
            "SELECT data->>'id', jsonb_typeof(data->'tags'), CASE WHEN jsonb_typeof(data->'tags') = 'array' THEN jsonb_array_length(data->'tags') END FROM orders_json ORDER BY (data->>'id')::int",
            .identical),
        CompatibilityQuery(
            "SELECT data - 'tags' - 'placed' FROM orders_json WHERE (data->>'id')::int <= 3 ORDER BY (data->>'id')::int",
            .identical),
        CompatibilityQuery(
            #"SELECT data || '{"checked": true, "id": 0}' FROM orders_json WHERE (data->>'id')::int IN (1, 12) ORDER BY data->>'customer'"#,
            .identical),
        CompatibilityQuery(
            "SELECT k, count(*) FROM (SELECT jsonb_object_keys(data) AS k FROM orders_json) s GROUP BY k ORDER BY k",
            .identical),
        CompatibilityQuery(
            "SELECT data->>'customer', jsonb_agg((data->>'id')::int) FROM (SELECT * FROM orders_json ORDER BY (data->>'id')::int) o GROUP BY 1 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT jsonb_build_object('id', id, 'total', qty * price, 'placed', placed, 'paid', status = 'paid') FROM orders WHERE id <= 4 ORDER BY id",
            .identical),
        CompatibilityQuery(
            #"SELECT data->'tags' FROM orders_json WHERE data->'tags' = '["a"]' ORDER BY (data->>'id')::int"#,
            .identical),
        CompatibilityQuery(
            "SELECT id, price::numeric / 100, (price::numeric / 100)::numeric(10, 2), round(price / 3.0, 2) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT status, sum(price::numeric / 100), avg(price), avg(qty), sum(qty * 1.5) FROM orders GROUP BY status ORDER BY status",
            .identical),
        CompatibilityQuery(
            "SELECT id, price * 1.10 AS gross FROM orders WHERE price * 1.10 > 1000 ORDER BY gross DESC, id",
            .identical),
        CompatibilityQuery(
            "SELECT customer, max(price::numeric / 7), min(price / 1.5) FROM orders GROUP BY customer ORDER BY 2 DESC, 1",
            .identical),
        CompatibilityQuery(
            "SELECT id, placed + interval '1 month' - interval '1 day', date_trunc('month', placed), extract(quarter FROM placed + interval '2 months') FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, to_char(placed, 'Dy DD Mon YYYY'), age(placed, date '2023-12-31') FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT tag, count(*) FROM (SELECT jsonb_array_elements_text(data->'tags') AS tag FROM orders_json "
                + "WHERE jsonb_typeof(data->'tags') = 'array') t GROUP BY tag ORDER BY tag",
            .identical),
    ]
}
