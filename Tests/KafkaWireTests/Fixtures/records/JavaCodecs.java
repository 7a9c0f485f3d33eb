// Recompresses the records section of librdkafka-none.bin with the Java codec libraries Kafka's Java client uses,
// producing java-<codec>.bin: the same batch (same records, see librdkafka-none.json) with the records section
// compressed by java.util.zip.GZIPOutputStream, snappy-java's SnappyOutputStream (the "xerial" framing, several
// blocks), zstd-jni's ZstdOutputStream (streaming: the frame has no content size) and lz4-java's
// LZ4FrameOutputStream (64 KB independent blocks), with the CRC-32C computed by java.util.zip.CRC32C.
//
//   apt-get install default-jdk-headless libsnappy-java libzstd-jni-java liblz4-java
//   java -cp /usr/share/java/snappy-java.jar:/usr/share/java/zstd-jni.jar:/usr/share/java/lz4-java.jar \
//       JavaCodecs.java DIR
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.xerial.snappy.SnappyOutputStream;

public class JavaCodecs {
    interface Wrap { OutputStream wrap(OutputStream out) throws Exception; }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        byte[] plain = Files.readAllBytes(dir.resolve("librdkafka-none.bin"));
        byte[] header = Arrays.copyOfRange(plain, 0, 61);
        byte[] section = Arrays.copyOfRange(plain, 61, plain.length);
        write(dir, "gzip", 1, header, section, out -> new GZIPOutputStream(out, 8 * 1024));
        write(dir, "snappy", 2, header, section, out -> new SnappyOutputStream(out));
        write(dir, "lz4", 3, header, section, out -> new LZ4FrameOutputStream(
            out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE));
        write(dir, "zstd", 4, header, section, out -> new ZstdOutputStream(out, 3));
    }

    static void write(Path dir, String name, int codec, byte[] header, byte[] section, Wrap wrap) throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = wrap.wrap(compressed)) {
            // Several writes with flushes: several snappy-java blocks, several zstd blocks.
            for (int at = 0; at < section.length; at += 300) {
                out.write(section, at, Math.min(300, section.length - at));
                out.flush();
            }
        }
        byte[] body = compressed.toByteArray();
        ByteBuffer batch = ByteBuffer.allocate(61 + body.length);
        batch.put(header).put(body);
        batch.putInt(8, 49 + body.length);
        short attributes = batch.getShort(21);
        batch.putShort(21, (short) ((attributes & ~7) | codec));
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), 21, batch.capacity() - 21);
        batch.putInt(17, (int) crc.getValue());
        Files.write(dir.resolve("java-" + name + ".bin"), batch.array());
        System.out.println(name + ": " + batch.capacity() + " bytes");
    }
}
