/// More analytical queries over the source corpus's relations and views: window frames and the window functions
/// beside them, CTEs (recursive too), joins of views, JSON extraction with casts, date arithmetic, NULL handling,
/// set operations by value, and jsonb ordered and grouped as PostgreSQL orders it.
extension SourceCorpus {
    static let analyticalQueries: [CompatibilityQuery] = [
        CompatibilityQuery(
            "SELECT status, customer, sum(qty), grouping(status, customer) FROM orders GROUP BY ROLLUP (status, customer) "
                + "ORDER BY 1, 2",
            .identical),
        CompatibilityQuery(
            "SELECT c.city, o.status, count(o.id) FROM customers c LEFT JOIN orders o ON o.customer = c.name "
                + "GROUP BY CUBE (c.city, o.status) ORDER BY 1, 2",
            .identical),
        CompatibilityQuery(
            "SELECT id, avg(price) OVER (PARTITION BY customer), avg(qty) OVER (ORDER BY id ROWS 2 PRECEDING) "
                + "FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, price, sum(price) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, avg(price::float8) OVER (ORDER BY id ROWS 2 PRECEDING) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, count(*) OVER (ORDER BY qty RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM orders WHERE qty IS NOT NULL ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, max(price) OVER (PARTITION BY customer ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, sum(qty) OVER (ORDER BY placed ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, first_value(customer) OVER (PARTITION BY status ORDER BY price DESC), last_value(customer) OVER (PARTITION BY status ORDER BY price DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, nth_value(id, 2) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, ntile(4) OVER (ORDER BY price), percent_rank() OVER (ORDER BY price), cume_dist() OVER (ORDER BY price) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, lag(price, 2) OVER (ORDER BY id), lead(price, 1, 0) OVER (ORDER BY id) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, count(*) OVER (ORDER BY status GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT id, sum(price) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT customer, id, sum(qty) OVER (PARTITION BY customer ORDER BY placed ROWS UNBOUNDED PRECEDING) AS running FROM orders ORDER BY customer, id",
            .identical),
        CompatibilityQuery(
            "SELECT c.city, o.id, rank() OVER (PARTITION BY c.city ORDER BY o.price DESC) FROM customers c JOIN orders o ON o.customer = c.name ORDER BY 1, 3, 2",
            .identical),
        CompatibilityQuery(
            "SELECT id, price - lag(price) OVER (ORDER BY placed) AS change FROM orders ORDER BY placed",
            .identical),
        CompatibilityQuery(
            "SELECT sku, stock, sum(stock) OVER (ORDER BY sku ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM stock ORDER BY sku",
            .identical),
        CompatibilityQuery(
            "WITH monthly AS (SELECT date_trunc('month', placed) AS m, sum(qty * price) AS revenue FROM orders GROUP BY 1) SELECT m, revenue, sum(revenue) OVER (ORDER BY m) FROM monthly ORDER BY m",
            .identical),
        CompatibilityQuery(
            "WITH ranked AS (SELECT customer, id, row_number() OVER (PARTITION BY customer ORDER BY price DESC, id) AS r FROM orders) SELECT customer, id FROM ranked WHERE r = 1 ORDER BY customer",
            .identical),
        CompatibilityQuery(
            "WITH a AS (SELECT customer, count(*) AS n FROM orders GROUP BY customer), b AS (SELECT name, city FROM customers) SELECT b.city, sum(a.n) FROM a JOIN b ON b.name = a.customer GROUP BY b.city ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "WITH p AS (SELECT * FROM paid), c AS (SELECT * FROM customers WHERE city <> 'Bergen') SELECT c.name, coalesce(sum(p.total), 0) FROM c LEFT JOIN p ON p.customer = c.name GROUP BY c.name ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT p.customer, p.total, c.city FROM paid p JOIN customers c ON c.name = p.customer JOIN orders o ON o.id = p.id WHERE o.placed >= '2024-01-01' ORDER BY p.id",
            .identical),
        CompatibilityQuery(
            "SELECT co.city, count(DISTINCT co.name), count(co.order_id) FROM customer_orders co GROUP BY co.city ORDER BY co.city",
            .identical),
        CompatibilityQuery(
            "SELECT co.name, s.sku FROM customer_orders co JOIN stock s ON s.stock = co.qty ORDER BY 1, 2",
            .identical),
        CompatibilityQuery(
            "SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer = c.name AND o.status = 'open' WHERE c.city = 'Oslo' ORDER BY 1, 2 NULLS FIRST",
            .identical),
        CompatibilityQuery(
            "SELECT (data->>'id')::int AS id, (data->>'price')::numeric / 100 AS euros, (data->>'qty')::int * (data->>'price')::int AS cents FROM orders_json ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT (data->>'placed')::date + 7 AS due, data->>'customer' FROM orders_json WHERE (data->>'qty')::int > 4 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT data->>'status', sum((data->>'price')::int), max((data->>'placed')::date) FROM orders_json GROUP BY 1 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT (data->>'id')::int, CASE WHEN jsonb_typeof(data->'tags') = 'array' THEN jsonb_array_length(data->'tags') END AS n FROM orders_json ORDER BY n DESC NULLS LAST, 1",
            .identical),
        CompatibilityQuery(
            "SELECT (data->>'stock')::int * 2, upper(data->>'name') FROM inventory ORDER BY key",
            .identical),
        CompatibilityQuery(
            "SELECT (data->>'id')::int, (data->>'d')::interval + interval '1 hour' FROM events WHERE data ? 'd' ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT data->'tags', count(*) FROM orders_json GROUP BY 1 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT DISTINCT data->'tags' FROM orders_json ORDER BY 1 NULLS FIRST",
            .identical),
        CompatibilityQuery(
            #"SELECT (data->>'id')::int FROM orders_json WHERE data->'tags' > '["a"]' ORDER BY 1"#,
            .identical),
        CompatibilityQuery(
            "SELECT id, placed, placed - lag(placed) OVER (ORDER BY placed) AS gap FROM orders ORDER BY placed",
            .identical),
        CompatibilityQuery(
            "SELECT id, placed + interval '1 month' AS next_month, date_trunc('week', placed)::date FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT extract(year FROM placed) AS y, extract(quarter FROM placed) AS q, sum(qty) FROM orders GROUP BY 1, 2 ORDER BY 1, 2",
            .identical),
        CompatibilityQuery(
            "SELECT id FROM orders WHERE placed BETWEEN date '2024-02-01' AND date '2024-02-01' + interval '30 days' ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT data->>'kind', ts, ts - lag(ts) OVER (PARTITION BY data->>'kind' ORDER BY ts) FROM events ORDER BY ts",
            .identical),
        CompatibilityQuery(
            "SELECT date_trunc('day', ts), count(*) FROM events GROUP BY 1 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT id, coalesce(qty, 0), qty IS NULL, nullif(qty, 1) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "SELECT count(*) FILTER (WHERE qty IS NULL), count(qty), sum(qty) FILTER (WHERE status = 'open') FROM orders",
            .identical),
        CompatibilityQuery(
            "SELECT customer, max(qty) FROM orders GROUP BY customer HAVING max(qty) IS NULL OR max(qty) > 5 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT id, qty FROM orders ORDER BY qty NULLS FIRST, id LIMIT 3",
            .identical),
        CompatibilityQuery(
            "SELECT name, (SELECT max(qty) FROM orders o WHERE o.customer = c.name) FROM customers c ORDER BY 2 DESC NULLS LAST, 1",
            .identical),
        CompatibilityQuery(
            "SELECT status, min(qty), max(qty), avg(qty) FROM orders GROUP BY status ORDER BY status",
            .identical),
        CompatibilityQuery(
            "SELECT customer FROM orders UNION SELECT name FROM customers WHERE city = 'Oslo' ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT price::numeric / 100 FROM orders WHERE id <= 3 UNION SELECT 12.50 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT count(*) FROM (SELECT price / 100.0 FROM orders UNION SELECT price::numeric / 100 FROM orders) s",
            .identical),
        CompatibilityQuery(
            "SELECT qty FROM orders INTERSECT SELECT stock FROM stock ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT id, round(price / 7.0, 2), round(price::float8 / 7), trunc(price::float8 / 7) FROM orders ORDER BY id",
            .identical),
        CompatibilityQuery(
            "WITH RECURSIVE days(d) AS (SELECT date '2024-01-01' UNION ALL SELECT d + 1 FROM days WHERE d < date '2024-01-05') SELECT d, (SELECT count(*) FROM orders WHERE placed = d) FROM days ORDER BY d",
            .identical),
        CompatibilityQuery(
            "SELECT k, count(*) FROM orders_json, jsonb_object_keys(data) AS k GROUP BY k ORDER BY k",
            .identical),
    ]
}
