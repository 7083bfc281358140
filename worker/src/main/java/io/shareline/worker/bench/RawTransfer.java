package io.shareline.worker.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The transport's own cost: files sent over a bare loopback socket with {@code sendfile} (no HTTP, no
 * protocol) and read as the bench's recipient reads a download. What no server can beat on this machine.
 */
final class RawTransfer {
  private RawTransfer() {}

  /** Nanoseconds to send every file, one connection each, and read it to its end. */
  static long time(List<Path> files) throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> send(server, files));
      long start = System.nanoTime();
      for (int i = 0; i < files.size(); i++) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort());
            InputStream in = socket.getInputStream()) {
          WholeTableRead.drain(in);
        }
      }
      long took = System.nanoTime() - start;
      sent.join();
      return took;
    }
  }

  private static void send(ServerSocketChannel server, List<Path> files) {
    for (Path file : files) {
      try (SocketChannel socket = server.accept(); FileChannel channel = FileChannel.open(file)) {
        for (long at = 0, size = channel.size(); at < size; ) {
          at += channel.transferTo(at, size - at, socket);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
