// Prints what pgjdbc's DatabaseMetaData answers (what DBeaver and Metabase call) for a server, one line per row,
// tab-separated, so a test can compare it exactly. Run as a single-file program:
//   java -cp /usr/share/java/postgresql.jar testpeers/pg/JdbcMetadata.java URL USER TABLE...
// Sections: "schema", "table" (getTables over every schema), "column" and "key" (getColumns and getPrimaryKeys of
// each TABLE). A failure prints its SQLSTATE and message on stderr and exits 1.
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

public class JdbcMetadata {
    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", args[1]);
        properties.setProperty("sslmode", "disable");
        try (Connection connection = DriverManager.getConnection(args[0], properties)) {
            DatabaseMetaData meta = connection.getMetaData();
            try (ResultSet rows = meta.getSchemas()) {
                while (rows.next()) {
                    System.out.println("schema\t" + rows.getString("TABLE_SCHEM") + "\t" + rows.getString("TABLE_CATALOG"));
                }
            }
            try (ResultSet rows = meta.getTables(null, null, "%", new String[] {"TABLE", "VIEW", "SYSTEM VIEW"})) {
                while (rows.next()) {
                    System.out.println("table\t" + rows.getString("TABLE_SCHEM") + "\t" + rows.getString("TABLE_NAME")
                        + "\t" + rows.getString("TABLE_TYPE"));
                }
            }
            for (int index = 2; index < args.length; index++) {
                try (ResultSet rows = meta.getColumns(null, null, args[index], "%")) {
                    while (rows.next()) {
                        System.out.println("column\t" + rows.getString("TABLE_NAME") + "\t" + rows.getInt("ORDINAL_POSITION")
                            + "\t" + rows.getString("COLUMN_NAME") + "\t" + rows.getString("TYPE_NAME") + "\t"
                            + rows.getInt("DATA_TYPE") + "\t" + rows.getString("IS_NULLABLE"));
                    }
                }
                try (ResultSet rows = meta.getPrimaryKeys(null, null, args[index])) {
                    while (rows.next()) {
                        System.out.println("key\t" + rows.getString("TABLE_NAME") + "\t" + rows.getString("COLUMN_NAME"));
                    }
                }
            }
        } catch (SQLException error) {
            System.err.println(error.getSQLState() + ": " + error.getMessage());
            System.exit(1);
        }
    }
}
