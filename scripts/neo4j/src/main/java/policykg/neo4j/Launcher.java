package policykg.neo4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs a Neo4j Community DBMS with its Bolt connector until the process is stopped.
 *
 * <p>Usage: {@code java -Xmx... policykg.neo4j.Launcher HOME} where {@code HOME/neo4j.conf} holds the
 * settings (Bolt address, memory, authentication) that {@code scripts/neo4j/neo4j.sh} writes, and the
 * environment variable {@code POLICYKG_NEO4J_PASSWORD} the password to give the {@code neo4j} user
 * (never the command line, which other users of the machine can read). When Bolt accepts logins the
 * launcher writes {@code HOME/ready}; SIGTERM shuts the DBMS down cleanly.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Launcher HOME (with HOME/neo4j.conf and POLICYKG_NEO4J_PASSWORD set)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String password = System.getenv("POLICYKG_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("POLICYKG_NEO4J_PASSWORD must hold a password of 8 characters or more");
            System.exit(2);
        }
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home.resolve("dbms"))
                .loadPropertiesFromFile(home.resolve("neo4j.conf"))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown, "neo4j-shutdown"));
        // The neo4j user starts with the password "neo4j", to be changed at first login: set ours instead.
        service.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        Path ready = home.resolve("ready");
        Path partial = home.resolve("ready.partial");
        Files.writeString(partial, "ready\n", StandardCharsets.UTF_8);
        Files.move(partial, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("policykg-neo4j: ready");
        new CountDownLatch(1).await();
    }
}
