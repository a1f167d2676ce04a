package dev.atelier.engines.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.ImageSize;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

    @Test
    void builtInProvidersAreAlwaysListedAndOthersAreDiscoveredFromTheirSettings() {
        List<ProviderSettings> all = ProviderSettings.allFrom(Map.of(
                "ATELIER_PROVIDER_LOCAL_AI_TYPE", "openai-compatible",
                "ATELIER_PROVIDER_LOCAL_AI_BASE_URL", "http://localhost:8080/v1/",
                "ATELIER_PROVIDER_LOCAL_AI_CONNECT_TIMEOUT_MS", "1500",
                "ATELIER_PROVIDER_APIPIE_API_KEY", "k",
                "UNRELATED", "x"));

        assertThat(all).extracting(ProviderSettings::name)
                .containsExactly("openai", "stability", "bfl", "replicate", "fal", "apipie", "local_ai");
        ProviderSettings local = all.get(6);
        assertThat(local.baseUrl().toString()).isEqualTo("http://localhost:8080/v1");
        assertThat(local.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(local.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(local.keyRequired()).isFalse();
        ProviderSettings apipie = all.get(5);
        assertThat(apipie.type()).isEqualTo(ProviderType.OPENAI_COMPATIBLE);
        assertThat(apipie.baseUrl().toString()).isEqualTo("https://apipie.ai/v1");
        assertThat(apipie.keyRequired()).isTrue();
        assertThat(apipie.toString()).doesNotContain("k,").contains("key=set");
    }

    @Test
    void modelEntriesMapPublicNamesToUpstreamIdsWithInferredOrExplicitOperations() {
        ProviderSettings fal = ProviderSettings.from("fal", Map.of("ATELIER_PROVIDER_FAL_MODELS",
                "flux-schnell=fal-ai/flux/schnell, flux-fill-pro=fal-ai/flux-pro/v1/fill, "
                        + "my-edit=fal-ai/some/model#image+edit"));

        assertThat(fal.models()).containsExactly(
                new ProviderModel("flux-schnell", "fal-ai/flux/schnell", java.util.Set.of(
                        GenerationOperation.TEXT_TO_IMAGE)),
                new ProviderModel("flux-fill-pro", "fal-ai/flux-pro/v1/fill", java.util.Set.of(
                        GenerationOperation.MASKED_EDIT)),
                new ProviderModel("my-edit", "fal-ai/some/model", java.util.Set.of(
                        GenerationOperation.IMAGE_TO_IMAGE, GenerationOperation.MASKED_EDIT)));
    }

    @Test
    void malformedValuesFailAtStartupNamingTheSetting() {
        assertThatThrownBy(() -> ProviderSettings.from("openai", Map.of("ATELIER_PROVIDER_OPENAI_TIMEOUT_MS", "soon")))
                .hasMessageContaining("ATELIER_PROVIDER_OPENAI_TIMEOUT_MS");
        assertThatThrownBy(() -> ProviderSettings.from("openai", Map.of("ATELIER_PROVIDER_OPENAI_PRICES", "x=cheap")))
                .hasMessageContaining("ATELIER_PROVIDER_OPENAI_PRICES");
        assertThatThrownBy(() -> ProviderSettings.from("mystery", Map.of()))
                .hasMessageContaining("ATELIER_PROVIDER_MYSTERY_TYPE");
    }

    @Test
    void mostSpecificPriceWins() {
        PriceTable t = PriceTable.parse("dall-e-3=0.04,dall-e-3:hd=0.08,dall-e-3:hd@1792x1024=0.12,"
                + "dall-e-3@1024x1792=0.09,*=0.5");

        assertThat(t.perImage("dall-e-3", "hd", new ImageSize(1792, 1024))).contains(new BigDecimal("0.12"));
        assertThat(t.perImage("dall-e-3", "hd", new ImageSize(1024, 1024))).contains(new BigDecimal("0.08"));
        assertThat(t.perImage("dall-e-3", "standard", new ImageSize(1024, 1792))).contains(new BigDecimal("0.09"));
        assertThat(t.perImage("dall-e-3", null, null)).contains(new BigDecimal("0.04"));
        assertThat(t.perImage("other", null, null)).contains(new BigDecimal("0.5"));
        assertThat(PriceTable.empty().cost("dall-e-3", null, null, 2)).isEmpty();
        assertThat(t.cost("dall-e-3", null, null, 3)).contains(new BigDecimal("0.12"));
    }
}
