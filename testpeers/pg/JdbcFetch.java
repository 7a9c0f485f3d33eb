import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;

/**
 * Reads a large result with pgjdbc's fetchSize (autocommit off, so the driver sends Execute with a row limit and
 * resumes the suspended portal), as DBeaver and Metabase page through results. Prints {@code rows=N last=VALUE}
 * and the number of round trips the driver needed ({@code fetches=K}).
 *
 * <p>Usage: {@code java -cp postgresql.jar JdbcFetch.java URL USER QUERY FETCHSIZE}
 */
public class JdbcFetch {
    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", args[1]);
        properties.setProperty("sslmode", "disable");
        int fetchSize = Integer.parseInt(args[3]);
        try (Connection connection = DriverManager.getConnection(args[0], properties)) {
            connection.setAutoCommit(false);
            long count = 0;
            String last = null;
            try (PreparedStatement statement = connection.prepareStatement(args[2])) {
                statement.setFetchSize(fetchSize);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        count++;
                        last = rows.getString(1);
                    }
                }
            }
            connection.commit();
            System.out.println("rows=" + count + " last=" + last);
            try (PreparedStatement statement = connection.prepareStatement("SELECT 41 + 1");
                    ResultSet rows = statement.executeQuery()) {
                rows.next();
                System.out.println(rows.getInt(1));
            }
        }
    }
}
