package io.salespipeline.query.web;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes every {@link CsvTable} answer as CSV (RFC 4180: a header line, then one line per row, CRLF, quoted
 * where needed) with jackson-dataformat-csv, for every endpoint that answers {@code text/csv}.
 */
@Component
public class CsvMessageConverter extends AbstractHttpMessageConverter<CsvTable<?>> {

    public static final String TEXT_CSV = "text/csv";

    private final CsvMapper mapper = CsvMapper.builder().findAndAddModules().build();

    public CsvMessageConverter() {
        super(StandardCharsets.UTF_8, MediaType.parseMediaType(TEXT_CSV));
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return CsvTable.class.isAssignableFrom(clazz);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected CsvTable<?> readInternal(Class<? extends CsvTable<?>> clazz, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("CSV is not read", input);
    }

    @Override
    protected void writeInternal(CsvTable<?> table, HttpOutputMessage output) throws IOException {
        write(table, output);
    }

    private <R extends Record> void write(CsvTable<R> table, HttpOutputMessage output) throws IOException {
        List<String> columns = Arrays.stream(table.csvRowType().getRecordComponents()).map(RecordComponent::getName).toList();
        CsvSchema.Builder builder = CsvSchema.builder().setLineSeparator("\r\n");
        columns.forEach(builder::addColumn);
        CsvSchema rows = builder.build().withoutHeader();
        CsvSchema header = CsvSchema.emptySchema().withLineSeparator("\r\n");
        Writer out = new OutputStreamWriter(output.getBody(), StandardCharsets.UTF_8);
        mapper.writer(header).writeValue(noClose(out), table.csvHeader(columns));
        ObjectWriter writer = mapper.writer(rows);
        try (var sequence = writer.writeValues(noClose(out))) {
            sequence.writeAll(table.csvRows());
        }
        out.flush();
    }

    /** The body stays open between the header and the rows (each writer closes what it is given). */
    private static Writer noClose(Writer out) {
        return new java.io.FilterWriter(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
