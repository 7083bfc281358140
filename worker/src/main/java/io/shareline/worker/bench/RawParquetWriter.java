package io.shareline.worker.bench;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.shareline.delta.ParquetLayout;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * The machine's limit for the delivery's typed rows: parquet-hadoop with a minimal {@link WriteSupport},
 * Snappy, the Parquet schema Delta Kernel writes for the same Delta schema ({@link ParquetLayout}, as STAGE
 * uses), its own value writing, no Kernel and none of STAGE's rolling or statistics in between.
 */
final class RawParquetWriter {

  private RawParquetWriter() {}

  /** Writes {@code rows} (values in Kernel's Java forms) to one Snappy Parquet file; returns its size. */
  static long write(StructType schema, Iterator<Object[]> rows, Path file, Configuration conf) throws IOException {
    MessageType message = ParquetLayout.messageType(schema);
    try (ParquetWriter<Object[]> writer = new Builder(HadoopOutputFile.fromPath(file, conf), schema, message)
        .withConf(conf)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build()) {
      while (rows.hasNext()) {
        writer.write(rows.next());
      }
    }
    return file.getFileSystem(conf).getFileStatus(file).getLen();
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final StructType schema;
    private final MessageType message;

    Builder(OutputFile file, StructType schema, MessageType message) {
      super(file);
      this.schema = schema;
      this.message = message;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(schema, message);
    }
  }

  private static final class RowWriteSupport extends WriteSupport<Object[]> {
    private final DataType[] types;
    private final String[] names;
    private final MessageType message;
    private RecordConsumer out;

    RowWriteSupport(StructType schema, MessageType message) {
      this.types = schema.fields().stream().map(StructField::getDataType).toArray(DataType[]::new);
      this.names = schema.fieldNames().toArray(String[]::new);
      this.message = message;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(message, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
      out.startMessage();
      for (int i = 0; i < types.length; i++) {
        if (row[i] != null) {
          out.startField(names[i], i);
          value(types[i], row[i]);
          out.endField(names[i], i);
        }
      }
      out.endMessage();
    }

    private void value(DataType type, Object v) {
      if (type instanceof StringType) {
        out.addBinary(Binary.fromString((String) v));
      } else if (type instanceof LongType || type instanceof TimestampType) {
        out.addLong(((Number) v).longValue());
      } else if (type instanceof DoubleType) {
        out.addDouble(((Number) v).doubleValue());
      } else if (type instanceof BooleanType) {
        out.addBoolean((Boolean) v);
      } else if (type instanceof DateType) {
        out.addInteger(((Number) v).intValue());
      } else if (type instanceof DecimalType) {
        out.addBinary(Binary.fromConstantByteArray(fixed16((BigDecimal) v)));
      } else if (type instanceof ArrayType a) {
        list(a.getElementType(), (List<?>) v);
      } else {
        throw new IllegalArgumentException("no Parquet value for " + type);
      }
    }

    private void list(DataType element, List<?> values) {
      out.startGroup();
      if (!values.isEmpty()) {
        out.startField("list", 0);
        for (Object e : values) {
          out.startGroup();
          if (e != null) {
            out.startField("element", 0);
            value(element, e);
            out.endField("element", 0);
          }
          out.endGroup();
        }
        out.endField("list", 0);
      }
      out.endGroup();
    }

    /** The unscaled value as 16 big-endian two's-complement bytes, as Parquet's decimal(38, s) stores it. */
    private static byte[] fixed16(BigDecimal d) {
      byte[] unscaled = d.unscaledValue().toByteArray();
      byte[] out = new byte[16];
      byte pad = (byte) (d.signum() < 0 ? 0xFF : 0);
      int lead = 16 - unscaled.length;
      for (int i = 0; i < lead; i++) {
        out[i] = pad;
      }
      System.arraycopy(unscaled, 0, out, lead, unscaled.length);
      return out;
    }
  }
}
