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
    private static final int STRING = 0;
    private static final int LONG = 1;
    private static final int DOUBLE = 2;
    private static final int BOOLEAN = 3;
    private static final int INT = 4;
    private static final int DECIMAL = 5;
    private static final int LIST = 6;

    /** Per column, its value kind (decided once, not per value) and, for a list, its element's kind. */
    private final int[] kinds;
    private final int[] elementKinds;
    private final String[] names;
    private final MessageType message;
    private RecordConsumer out;

    RowWriteSupport(StructType schema, MessageType message) {
      List<StructField> fields = schema.fields();
      this.kinds = new int[fields.size()];
      this.elementKinds = new int[fields.size()];
      this.names = schema.fieldNames().toArray(String[]::new);
      for (int i = 0; i < kinds.length; i++) {
        DataType type = fields.get(i).getDataType();
        kinds[i] = kind(type);
        elementKinds[i] = type instanceof ArrayType a ? kind(a.getElementType()) : -1;
      }
      this.message = message;
    }

    private static int kind(DataType type) {
      if (type instanceof StringType) {
        return STRING;
      } else if (type instanceof LongType || type instanceof TimestampType) {
        return LONG;
      } else if (type instanceof DoubleType) {
        return DOUBLE;
      } else if (type instanceof BooleanType) {
        return BOOLEAN;
      } else if (type instanceof DateType) {
        return INT;
      } else if (type instanceof DecimalType) {
        return DECIMAL;
      } else if (type instanceof ArrayType a && !(a.getElementType() instanceof ArrayType)) {
        return LIST;
      }
      throw new IllegalArgumentException("no Parquet value for " + type);
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
      for (int i = 0; i < kinds.length; i++) {
        if (row[i] != null) {
          out.startField(names[i], i);
          if (kinds[i] == LIST) {
            list(elementKinds[i], (List<?>) row[i]);
          } else {
            value(kinds[i], row[i]);
          }
          out.endField(names[i], i);
        }
      }
      out.endMessage();
    }

    private void value(int kind, Object v) {
      switch (kind) {
        case STRING -> out.addBinary(Binary.fromString((String) v));
        case LONG -> out.addLong((Long) v);
        case DOUBLE -> out.addDouble((Double) v);
        case BOOLEAN -> out.addBoolean((Boolean) v);
        case INT -> out.addInteger((Integer) v);
        case DECIMAL -> out.addBinary(Binary.fromConstantByteArray(fixed16((BigDecimal) v)));
        default -> throw new IllegalArgumentException("no Parquet value of kind " + kind);
      }
    }

    private void list(int element, List<?> values) {
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
