package io.salespipeline.query.web;

import java.util.List;

/**
 * An answer that can also be written as CSV ({@code text/csv}, by {@link CsvMessageConverter}): a table whose
 * rows are records of {@link #csvRowType()}, one column per record component, in their order.
 */
public interface CsvTable<R extends Record> {

    Class<R> csvRowType();

    List<R> csvRows();

    /** The header line's names, given the row type's component names (e.g. to name a column after a parameter). */
    default List<String> csvHeader(List<String> columns) {
        return columns;
    }
}
