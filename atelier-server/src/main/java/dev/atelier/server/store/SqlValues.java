package dev.atelier.server.store;

import dev.atelier.server.json.Json;
import dev.atelier.server.tasks.TaskRequest;
import dev.atelier.server.tasks.TaskResult;
import java.lang.reflect.Type;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.generic.GenericTypes;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.ColumnMapperFactory;

/**
 * How the schema's conventions (V1 migration) meet Java types, registered once so no store binds or reads a column
 * by hand: instants are epoch milliseconds, enums their lower-case names, flags INTEGER 0/1, and the task's request
 * and result JSON text. Registered after Jdbi's built-ins, so these win.
 */
final class SqlValues {
    private SqlValues() {}

    static void register(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.BIGINT) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (position, statement, ctx) -> statement.setLong(position, value.toEpochMilli());
            }
        });
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            long millis = rs.getLong(column);
            return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
        });
        jdbi.registerArgument(new AbstractArgumentFactory<Boolean>(Types.INTEGER) {
            @Override
            protected Argument build(Boolean value, ConfigRegistry config) {
                return (position, statement, ctx) -> statement.setInt(position, value ? 1 : 0);
            }
        });
        jdbi.registerArgument(lowerCaseEnums());
        jdbi.registerColumnMapper(lowerCaseEnumColumns());
        json(jdbi, TaskRequest.class);
        json(jdbi, TaskResult.class);
    }

    /**
     * The named parameters for a column list, in the same order: {@code "key_id, created_at"} gives
     * {@code ":keyId, :createdAt"}, the names {@code bindMethods} finds on a record with those components.
     */
    static String parameters(String columns) {
        StringBuilder out = new StringBuilder();
        for (String column : columns.split(",")) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(':');
            boolean upper = false;
            for (char c : column.strip().toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    out.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
        }
        return out.toString();
    }

    /** Values of {@code type} live in a TEXT column as JSON. */
    private static <T> void json(Jdbi jdbi, Class<T> type) {
        jdbi.registerArgument(new ArgumentFactory.Preparable() {
            @Override
            public Optional<Function<Object, Argument>> prepare(Type declared, ConfigRegistry config) {
                if (!type.equals(GenericTypes.getErasedType(declared))) {
                    return Optional.empty();
                }
                return Optional.of(value -> text(value == null ? null : Json.write(value)));
            }
        });
        jdbi.registerColumnMapper(type, (rs, column, ctx) -> {
            String text = rs.getString(column);
            return text == null ? null : Json.read(text, type);
        });
    }

    private static Argument text(String text) {
        return (position, statement, ctx) -> {
            if (text == null) {
                statement.setNull(position, Types.VARCHAR);
            } else {
                statement.setString(position, text);
            }
        };
    }

    private static ArgumentFactory.Preparable lowerCaseEnums() {
        return new ArgumentFactory.Preparable() {
            @Override
            public Optional<Function<Object, Argument>> prepare(Type type, ConfigRegistry config) {
                if (!GenericTypes.getErasedType(type).isEnum()) {
                    return Optional.empty();
                }
                return Optional.of(value -> text(value == null ? null : ((Enum<?>) value).name().toLowerCase(Locale.ROOT)));
            }
        };
    }

    private static ColumnMapperFactory lowerCaseEnumColumns() {
        return (type, config) -> {
            Class<?> raw = GenericTypes.getErasedType(type);
            if (!raw.isEnum()) {
                return Optional.empty();
            }
            ColumnMapper<?> mapper = (rs, column, ctx) -> {
                String text = rs.getString(column);
                return text == null ? null : enumValue(raw, text);
            };
            return Optional.of(mapper);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> raw, String text) {
        return Enum.valueOf((Class) raw, text.toUpperCase(Locale.ROOT));
    }
}
