package dev.atelier.engines.remote;

import dev.atelier.engines.generation.ImageSize;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * US-dollar prices per generated image, by model and optionally quality and size, from a setting such as
 * {@code dall-e-3=0.04,dall-e-3:hd=0.08,dall-e-3:hd@1792x1024=0.12,*=0.05}. The most specific key wins:
 * {@code model:quality@size}, {@code model@size}, {@code model:quality}, {@code model}, then {@code *}.
 */
public record PriceTable(Map<String, BigDecimal> prices) {
    public PriceTable {
        prices = Map.copyOf(prices);
    }

    public static PriceTable empty() {
        return new PriceTable(Map.of());
    }

    /** Parses the setting text; blank means no prices (costs unknown). */
    public static PriceTable parse(String text) {
        Map<String, BigDecimal> map = new LinkedHashMap<>();
        if (text != null) {
            for (String entry : text.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.lastIndexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("price entry must look like model=0.04, got '" + entry + "'");
                }
                try {
                    map.put(entry.substring(0, eq).trim(), new BigDecimal(entry.substring(eq + 1).trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("price must be a decimal number in '" + entry + "'", e);
                }
            }
        }
        return new PriceTable(map);
    }

    /** The price of one image, when the table has one. */
    public Optional<BigDecimal> perImage(String model, String quality, ImageSize size) {
        String m = model == null ? "*" : model;
        String[] keys = {
            quality != null && size != null ? m + ":" + quality + "@" + size : null,
            size != null ? m + "@" + size : null,
            quality != null ? m + ":" + quality : null,
            m,
            "*"
        };
        for (String k : keys) {
            if (k != null && prices.containsKey(k)) {
                return Optional.of(prices.get(k));
            }
        }
        return Optional.empty();
    }

    /** The price of {@code images} images, when the table has one. */
    public Optional<BigDecimal> cost(String model, String quality, ImageSize size, int images) {
        return perImage(model, quality, size).map(p -> p.multiply(BigDecimal.valueOf(images)));
    }
}
