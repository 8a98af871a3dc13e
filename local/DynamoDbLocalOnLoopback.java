// DynamoDB Local (the official jar, unchanged) listening on 127.0.0.1 only. The jar has no
// host option: its DynamoDBProxyServer builds a Jetty server with `new Server(port)`, whose
// one connector listens on every interface. This launcher takes the same arguments as the
// jar, lets the jar build its server, sets that connector's host to 127.0.0.1 before it
// starts, and exits non-zero when the port cannot be bound (the jar only prints a line).
//
// Run as a single-file source program on the jar's classpath (local/dynamodb-local.ts):
//   java -cp DynamoDBLocal.jar local/DynamoDbLocalOnLoopback.java -port 8000 -sharedDb ...

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

public class DynamoDbLocalOnLoopback {
  static final String LOOPBACK = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server jetty = jettyServerOf(proxy);
    for (Connector connector : jetty.getConnectors()) {
      ((ServerConnector) connector).setHost(LOOPBACK);
    }
    try {
      proxy.safeStart();
    } catch (Exception error) {
      System.err.println("DynamoDB Local could not listen on " + LOOPBACK + ": " + error.getMessage());
      System.exit(1);
    }
    for (Connector connector : jetty.getConnectors()) {
      int port = ((ServerConnector) connector).getLocalPort();
      System.out.println("DynamoDB Local listens on " + LOOPBACK + ":" + port + " only");
    }
    proxy.join();
  }

  /** The Jetty server the jar keeps in a private field; ours, as the jar is on our classpath. */
  static Server jettyServerOf(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
    var field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    return (Server) field.get(proxy);
  }
}
