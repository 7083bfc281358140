package io.shareline.delta;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.shareline.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads a snapshot back through Kernel: live files, and every live row as Java values. */
final class TableScan {

  /** One live data file as the log lists it. */
  record LiveFile(String path, long size, Optional<String> statsJson) {}

  private final Engine engine;

  TableScan(Engine engine) {
    this.engine = engine;
  }

  List<LiveFile> liveFiles(Snapshot snapshot) {
    List<LiveFile> files = new ArrayList<>();
    Scan scan = snapshot.getScanBuilder().build();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine, true)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row add = rows.next().getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
            int stats = add.getSchema().indexOf("stats");
            Optional<String> statsJson =
                stats < 0 || add.isNullAt(stats) ? Optional.empty() : Optional.of(add.getString(stats));
            files.add(new LiveFile(
                add.getString(add.getSchema().indexOf("path")),
                add.getLong(add.getSchema().indexOf("size")),
                statsJson));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Calls {@code consumer} with every live row, projected on {@code readSchema}, as Java values. */
  void forEachRow(Snapshot snapshot, StructType readSchema, Consumer<Object[]> consumer) {
    forEachRow(snapshot, readSchema, Optional.empty(), consumer);
  }

  /** Like {@link #forEachRow(Snapshot, StructType, Consumer)}, skipping files whose statistics rule out {@code filter}. */
  void forEachRow(Snapshot snapshot, StructType readSchema, Optional<Predicate> filter, Consumer<Object[]> consumer) {
    ScanBuilder builder = snapshot.getScanBuilder().withReadSchema(readSchema);
    Scan scan = filter.map(builder::withFilter).orElse(builder).build();
    Row scanState = scan.getScanState(engine);
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<Row> fileRows = scanFiles.next().getRows()) {
          while (fileRows.hasNext()) {
            Progress.beat("scan file");
            readFile(scanState, fileRows.next(), physicalSchema, consumer);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readFile(Row scanState, Row scanFile, StructType physicalSchema, Consumer<Object[]> consumer)
      throws IOException {
    CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
        .readParquetFiles(
            Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(scanFile)),
            physicalSchema,
            Optional.empty())
        .map(FileReadResult::getData);
    try (CloseableIterator<FilteredColumnarBatch> logical =
        Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
      while (logical.hasNext()) {
        FilteredColumnarBatch batch = logical.next();
        ColumnarBatch data = batch.getData();
        Optional<ColumnVector> selection = batch.getSelectionVector();
        int width = data.getSchema().length();
        for (int rowId = 0; rowId < data.getSize(); rowId++) {
          if (selection.isPresent()
              && (selection.get().isNullAt(rowId) || !selection.get().getBoolean(rowId))) {
            continue;
          }
          Object[] row = new Object[width];
          for (int col = 0; col < width; col++) {
            row[col] = value(data.getColumnVector(col), rowId);
          }
          consumer.accept(row);
        }
      }
    }
  }

  /** The Java value of one cell, in the representation {@link ObjectColumnVector} accepts. */
  static Object value(ColumnVector vector, int rowId) {
    if (vector.isNullAt(rowId)) {
      return null;
    }
    DataType type = vector.getDataType();
    if (type instanceof StringType) {
      return vector.getString(rowId);
    }
    if (type instanceof LongType || type instanceof TimestampType) {
      return vector.getLong(rowId);
    }
    if (type instanceof IntegerType || type instanceof DateType) {
      return vector.getInt(rowId);
    }
    if (type instanceof DoubleType) {
      return vector.getDouble(rowId);
    }
    if (type instanceof BooleanType) {
      return vector.getBoolean(rowId);
    }
    if (type instanceof DecimalType) {
      return vector.getDecimal(rowId);
    }
    if (type instanceof FloatType) {
      return vector.getFloat(rowId);
    }
    if (type instanceof ShortType) {
      return vector.getShort(rowId);
    }
    if (type instanceof ByteType) {
      return vector.getByte(rowId);
    }
    if (type instanceof ArrayType) {
      ArrayValue array = vector.getArray(rowId);
      List<Object> list = new ArrayList<>(array.getSize());
      for (int i = 0; i < array.getSize(); i++) {
        list.add(value(array.getElements(), i));
      }
      return list;
    }
    throw new UnsupportedOperationException("reading " + DeltaTypes.describe(type) + " is not supported");
  }
}
