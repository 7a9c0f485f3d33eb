/// Date, timestamp, timestamptz and interval arithmetic, output, extract, date_trunc, to_char and age, against
/// PostgreSQL 15 (DateStyle ISO, IntervalStyle postgres, TimeZone UTC): month-end clamping, leap years, negative
/// intervals, NULLs, and the errors PostgreSQL reports.
extension CompatibilityCorpus {
    static let temporal: [CompatibilityQuery] = [
        CompatibilityQuery(
            "SELECT timestamp '2024-01-05 10:11:12', timestamptz '2024-01-05 10:11:12+02', timestamp '2024-01-05', timestamptz '2024-01-05T23:59:59.5Z'",
            .identical),
        CompatibilityQuery(
            "SELECT timestamp '2024-01-05 10:11:12.123456789', timestamp '2024-01-05 24:00:00', '2024-02-29 12:00'::timestamp",
            .identical),
        CompatibilityQuery(
            "SELECT interval '1 day 2 hours', interval '90 minutes', interval 'P1D', interval 'P1Y2M3DT4H5M6S', interval '1.5 days', interval '1.5 years', interval '2 weeks'",
            .identical),
        CompatibilityQuery(
            "SELECT interval '-1 day +2 hours', interval '1 day ago', interval '1 mon -1 day', interval '-90 minutes', interval '00:00:00', interval '1:30', interval '100'",
            .identical),
        CompatibilityQuery(
            "SELECT '1 year 2 mons 3 days 04:05:06.789'::interval, '3 days 4 hours 5 minutes 6 seconds'::interval, '1 millisecond'::interval",
            .identical),
        CompatibilityQuery(
            "SELECT timestamp '2024-01-31 10:00' + interval '1 month', timestamp '2023-01-31' + interval '1 month', timestamp '2024-02-29' + interval '1 year', timestamp '2024-03-31' - interval '1 month'",
            .identical),
        CompatibilityQuery(
            "SELECT timestamp '2024-01-05 10:00' + interval '1 day 2 hours', timestamp '2024-01-05 10:00' - interval '36 hours', interval '1 day' + timestamp '2024-12-31 23:00'",
            .identical),
        CompatibilityQuery(
            "SELECT timestamptz '2024-01-05 10:00+00' + interval '1 mon', timestamptz '2024-01-05 10:00+00' - interval '-2 days', timestamptz '2024-03-10 01:00+00' + interval '1 hour'",
            .identical),
        CompatibilityQuery(
            "SELECT timestamp '2024-03-01' - timestamp '2024-01-01 10:00', timestamp '2024-01-01' - timestamp '2024-03-01 10:30:00.5', timestamptz '2024-01-02 00:00+00' - timestamptz '2024-01-01 12:00+00'",
            .identical),
        CompatibilityQuery(
            "SELECT date '2024-01-31' + interval '1 month', date '2024-03-01' - interval '1 day', interval '1 week' + date '2024-01-01', date '2024-01-05' + 10, date '2024-03-01' - date '2024-02-01'",
            .identical),
        CompatibilityQuery(
            "SELECT timestamp '2024-01-01 10:00' - date '2024-01-01', date '2024-01-02' - timestamp '2024-01-01 06:00', timestamptz '2024-01-01 10:00+00' - timestamp '2024-01-01'",
            .identical),
        CompatibilityQuery(
            "SELECT interval '1 day' + interval '2 hours', interval '1 mon' - interval '1 day', interval '1 day' * 1.5, interval '1 mon' / 3, interval '1 hour' / 7, 2 * interval '1 day 1 hour', -interval '1 day 02:00'",
            .identical),
        CompatibilityQuery(
            "SELECT interval '1 mon' * 0.5, interval '-1 day 2 hours' * -1, interval '1 year 3 days' * 2.3, interval '10 days' / 4",
            .identical),
        CompatibilityQuery(
            "SELECT timestamp '2024-01-05 10:00' < timestamp '2024-01-05 10:00:00.5', timestamp '2024-01-05' = date '2024-01-05', date '2024-01-05' < timestamp '2024-01-05 00:00:01', timestamptz '2024-01-05 00:00+00' = timestamp '2024-01-05'",
            .identical),
        CompatibilityQuery(
            "SELECT interval '1 day' = interval '24 hours', interval '1 mon' > interval '29 days', interval '1 mon' = interval '30 days', interval '-1 day' < interval '1 second', interval '1 year' > interval '360 days'",
            .identical),
        CompatibilityQuery(
            "SELECT timestamp '2024-01-05 10:00' > '2024-01-05', timestamp '2024-01-05 10:00' + '1 day', timestamp '2024-01-05' - '2024-01-01', interval '1 day' + '1 hour', interval '1 day' < '25 hours'",
            .identical),
        CompatibilityQuery(
            "WITH v(i) AS (VALUES (interval '1 day'), (interval '25 hours'), (interval '1 mon'), (interval '-2 days'), (interval '29 days 23:59:59'), (NULL)) SELECT i FROM v ORDER BY i",
            .identical),
        CompatibilityQuery(
            "WITH v(i) AS (VALUES (interval '1 day'), (interval '25 hours'), (interval '1 mon'), (interval '-2 days')) SELECT i FROM v ORDER BY 1 DESC",
            .identical),
        CompatibilityQuery(
            "WITH v(i) AS (VALUES (interval '1 day'), (interval '25 hours'), (interval '1 mon'), (interval '-2 days'), (NULL)) SELECT min(i), max(i), sum(i), avg(i), count(i) FROM v",
            .identical),
        CompatibilityQuery(
            "WITH v(t) AS (VALUES (timestamp '2024-01-05 10:00'), (timestamp '2023-12-31 23:59:59.999'), (timestamp '2024-01-05 09:59:59.5'), (NULL)) SELECT t, t + interval '1 hour' FROM v ORDER BY t",
            .identical),
        CompatibilityQuery(
            "WITH v(t) AS (VALUES (timestamp '2024-01-05 10:00'), (timestamp '2023-12-31 23:59:59.999'), (timestamp '2024-01-05 09:59:59.5')) SELECT min(t), max(t), max(t) - min(t) FROM v",
            .identical),
        CompatibilityQuery(
            "SELECT extract(year FROM timestamp '2024-02-29 13:14:15.5'), extract(month FROM timestamp '2024-02-29 13:14:15.5'), extract(day FROM timestamp '2024-02-29 13:14:15.5'), extract(hour FROM timestamp '2024-02-29 13:14:15.5'), extract(minute FROM timestamp '2024-02-29 13:14:15.5'), extract(second FROM timestamp '2024-02-29 13:14:15.5')",
            .identical),
        CompatibilityQuery(
            "SELECT extract(epoch FROM timestamp '2024-01-01 00:00:00.5'), extract(milliseconds FROM timestamp '2024-01-01 10:00:05.5'), extract(microseconds FROM timestamp '2024-01-01 10:00:05.5'), extract(dow FROM timestamp '2024-01-07'), extract(isodow FROM timestamp '2024-01-07'), extract(doy FROM timestamp '2024-12-31')",
            .identical),
        CompatibilityQuery(
            "SELECT extract(week FROM timestamp '2024-01-01'), extract(week FROM timestamp '2021-01-03'), extract(isoyear FROM timestamp '2024-12-30'), extract(quarter FROM timestamp '2024-08-01'), extract(decade FROM timestamp '2024-08-01'), extract(century FROM timestamp '2000-08-01'), extract(millennium FROM timestamp '2001-01-01')",
            .identical),
        CompatibilityQuery(
            "SELECT extract(epoch FROM timestamptz '2024-01-01 12:00+02'), extract(timezone FROM timestamptz '2024-01-01 12:00+00'), extract(hour FROM timestamptz '2024-01-01 12:00+02')",
            .identical),
        CompatibilityQuery(
            "SELECT extract(hour FROM interval '1 day 25:10'), extract(epoch FROM interval '1 year 1 mon'), extract(second FROM interval '90.5 seconds'), extract(quarter FROM interval '5 mons'), extract(year FROM interval '-14 mons'), extract(epoch FROM interval '-1 day 02:00'), extract(day FROM interval '40 days')",
            .identical),
        CompatibilityQuery(
            "SELECT date_part('epoch', interval '1 mon'), date_part('second', timestamp '2024-01-01 10:00:05.25'), date_part('year', timestamp '2024-01-01'), date_part('epoch', timestamp '2024-01-01 00:00:00.5'), date_part('hour', interval '36 hours')",
            .identical),
        CompatibilityQuery(
            "SELECT extract(hour FROM timestamp '2024-01-01' + interval '1 day 3 hours'), extract(epoch FROM timestamp '2024-01-02' - timestamp '2024-01-01')",
            .identical),
        CompatibilityQuery(
            "SELECT date_trunc('month', timestamp '2024-02-29 13:14:15.5'), date_trunc('hour', timestamp '2024-02-29 13:14:15.5'), date_trunc('week', timestamp '2024-02-29 13:14:15.5'), date_trunc('year', timestamp '2024-02-29 13:14:15.5'), date_trunc('quarter', timestamp '2024-08-29 13:14')",
            .identical),
        CompatibilityQuery(
            "SELECT date_trunc('minute', timestamp '2024-02-29 13:14:15.5'), date_trunc('second', timestamp '2024-02-29 13:14:15.5'), date_trunc('milliseconds', timestamp '2024-02-29 13:14:15.123456'), date_trunc('day', timestamptz '2024-02-29 13:14:15+05')",
            .identical),
        CompatibilityQuery(
            "SELECT date_trunc('decade', timestamp '2024-02-29'), date_trunc('century', timestamp '2024-02-29'), date_trunc('millennium', timestamp '2024-02-29'), date_trunc('century', timestamp '2000-02-29')",
            .identical),
        CompatibilityQuery(
            "SELECT date_trunc('hour', date '2024-02-29'), date_trunc('month', date '2024-02-29'), date_trunc('day', '2024-02-29 10:00'::timestamp)",
            .identical),
        CompatibilityQuery(
            "SELECT to_char(timestamp '2024-02-09 13:04:05.123456', 'YYYY-MM-DD HH24:MI:SS'), to_char(timestamp '2024-02-09 13:04:05.123456', 'HH12:MI AM MS US'), to_char(timestamp '2024-02-09 03:04:05', 'Dy Mon DD YYYY'), to_char(timestamp '2024-02-09 03:04:05', 'Day Month YYYY')",
            .identical),
        CompatibilityQuery(
            #"SELECT to_char(timestamp '2024-02-09 03:04:05', 'FMDay FMMonth FMDD'), to_char(timestamp '2024-02-09 03:04:05', 'DAY MON dy mon'), to_char(timestamptz '2024-02-09 03:04:05+00', 'YYYY"T"HH24 "week" IW Q DDD D'), to_char(date '2024-12-30', 'IYYY-IW')"#,
            .identical),
        CompatibilityQuery(
            "SELECT age(timestamp '2024-03-31', timestamp '2024-01-30'), age(timestamp '2024-01-01', timestamp '2024-03-15 10:00'), age(timestamp '2025-02-28', timestamp '2024-02-29'), age(date '2024-06-15', date '2020-01-31')",
            .identical),
        CompatibilityQuery(
            "SELECT justify_hours(interval '50 hours'), justify_days(interval '35 days'), justify_interval(interval '1 mon -1 hour'), justify_hours(interval '-1 day 30 hours'), justify_interval(interval '-35 days 1 hour')",
            .identical),
        CompatibilityQuery("SELECT make_interval(1, 2, 3, 4, 5, 6, 7.5), make_interval(0, 0, 0, 1)", .identical),
        CompatibilityQuery(
            "SELECT now()::date = current_date, current_timestamp - now() < interval '1 second', now() > timestamptz '2024-01-01 00:00+00', pg_typeof(now()), pg_typeof(current_date), pg_typeof(localtimestamp)",
            .identical),
        CompatibilityQuery(
            "SELECT CAST('2024-01-05 10:00' AS timestamp)::date, timestamp '2024-01-05 10:00'::timestamptz, timestamptz '2024-01-05 10:00+00'::timestamp, date '2024-01-05'::timestamp, (timestamp '2024-01-05 10:00')::text, (interval '1 day')::text",
            .identical),
        CompatibilityQuery(
            "WITH e(ts, d) AS (VALUES ('2024-01-31 08:30:00'::timestamp, interval '1 mon'), ('2024-02-29 23:00', interval '1 year'), ('2024-12-31 23:59:59', interval '1 second'), (NULL, interval '1 day'), ('2024-06-15 12:00', NULL)) SELECT ts, ts + d, ts - d, ts + d * 2 FROM e ORDER BY ts",
            .identical),
        CompatibilityQuery(
            "WITH e(ts) AS (VALUES ('2024-01-31 08:30:00'::timestamp), ('2024-02-29 23:00'), ('2024-03-01 00:00'), ('2024-12-31 23:59:59')) SELECT date_trunc('month', ts) AS m, count(*), max(ts) - min(ts) FROM e GROUP BY 1 ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "WITH e(ts) AS (VALUES ('2024-01-31 08:30:00'::timestamp), ('2024-02-29 23:00'), ('2024-03-01 00:00')) SELECT ts FROM e WHERE ts >= '2024-02-01' AND ts < timestamp '2024-03-01' + interval '1 hour' ORDER BY ts DESC",
            .identical),
        CompatibilityQuery(
            "WITH e(ts) AS (VALUES ('2024-01-31 08:30:00'::timestamp), ('2024-02-29 23:00'), ('2024-03-01 00:00')) SELECT ts, lag(ts) OVER (ORDER BY ts), ts - lag(ts) OVER (ORDER BY ts) FROM e ORDER BY ts",
            .identical),
        CompatibilityQuery(
            "SELECT timestamp '2024-01-05 10:00' BETWEEN '2024-01-05' AND '2024-01-06', interval '2 hours' BETWEEN interval '1 hour' AND '3 hours', timestamp '2024-01-05' IN ('2024-01-05 00:00:00', '2024-01-06')",
            .identical),
        CompatibilityQuery("SELECT timestamp '9999-12-31 23:00' + interval '1 day'", .refused),
        CompatibilityQuery("SELECT timestamp '2024-01-05 10:00' + timestamp '2024-01-05 10:00'", .identical),
        CompatibilityQuery("SELECT timestamp 'not a time'", .identical),
        CompatibilityQuery("SELECT timestamp '2024-02-30 10:00'", .identical),
        CompatibilityQuery("SELECT interval 'forever'", .identical),
        CompatibilityQuery("SELECT interval '1 day' / 0", .identical),
        CompatibilityQuery("SELECT date '2024-01-05' + '1 day'", .identical),
        CompatibilityQuery("SELECT extract(timezone FROM timestamp '2024-01-01')", .identical),
        CompatibilityQuery("SELECT extract(fortnight FROM timestamp '2024-01-01')", .identical),
        CompatibilityQuery("SELECT date_trunc('fortnight', timestamp '2024-01-01')", .identical),
        CompatibilityQuery("SELECT '2024-01-05 10:00'::timestamp - 1", .identical),
        CompatibilityQuery(
            "SELECT timestamp '2024-01-05 10:00' AT TIME ZONE 'UTC', timestamptz '2024-01-05 10:00+02' AT TIME ZONE 'UTC', "
                + "pg_typeof(timestamp '2024-01-05 10:00' AT TIME ZONE 'UTC')",
            .identical),
        CompatibilityQuery("SELECT timestamp '2024-01-05 10:00' AT TIME ZONE 'Europe/Oslo'", .identical),
        CompatibilityQuery("SELECT timestamp 'Jan 5 2024 10:00'", .refused),
        CompatibilityQuery("SELECT current_timestamp(2) IS NOT NULL", .identical),
        CompatibilityQuery(
            "SELECT NULL::numeric + 1, round(NULL::numeric, 2), NULL::interval + interval '1 day', timestamp '2024-01-01' + NULL::interval, extract(year FROM NULL::timestamp), age(NULL::timestamp, timestamp '2024-01-01')",
            .identical),
        CompatibilityQuery(
            "SELECT date '2024-02-28' + 1, date '2023-02-28' + 1, date '2024-02-29' + interval '1 year', date '2024-02-29' - interval '1 year', timestamp '2000-02-29' + interval '100 years', timestamp '1900-03-01' - interval '1 day'",
            .identical),
        CompatibilityQuery(
            "SELECT interval '-1 mon -2 days -03:00:00', interval '1 mon' - interval '2 mons', -interval '-1 mon 1 day', interval '25 hours' + interval '-1 day', interval '0.5 seconds' * 3",
            .identical),
        CompatibilityQuery(
            "SELECT count(*) FROM (VALUES (interval '1 day'), (interval '24 hours'), (interval '1 mon')) v(i) GROUP BY i ORDER BY 1",
            .identical),
        CompatibilityQuery(
            "SELECT count(*), count(DISTINCT i) FROM (SELECT DISTINCT i FROM (VALUES (interval '1 day'), (interval '24 hours'), (interval '1 mon')) v(i)) s",
            .identical),
        CompatibilityQuery(
            "WITH v(i, g) AS (VALUES (interval '25 hours', 1), (interval '1 day', 1), (interval '1 mon', 2), (interval '2 days', 2)) SELECT i, row_number() OVER (ORDER BY i DESC), rank() OVER (PARTITION BY g ORDER BY i) FROM v ORDER BY i",
            .identical),
    ]
}
