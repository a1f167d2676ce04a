package dev.atelier.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task's stored request keeps its input references as they were, including rows written before they were sealed. */
class InputRefJsonTest {
    private static TaskRequest request(TaskRequest.InputRef... sources) {
        return new TaskRequest("enhance", WireFamily.V2, null,
                new TaskRequest.Inputs(List.of(sources), List.of(), List.of()), Map.of("scale", 2), "png", 0);
    }

    @Test
    void eachKindIsStoredWithItsOneKeyAndReadBackAsItself() {
        TaskRequest r = request(TaskRequest.InputRef.file("file_1"), TaskRequest.InputRef.url("https://x.test/a.jpg"));
        String json = Json.write(r);

        assertThat(json).contains("{\"fileId\":\"file_1\"}").contains("{\"url\":\"https://x.test/a.jpg\"}");
        TaskRequest back = Json.read(json, TaskRequest.class);
        assertThat(back).isEqualTo(r);
        assertThat(back.inputs().sources()).hasExactlyElementsOfTypes(TaskRequest.InputRef.File.class,
                TaskRequest.InputRef.Url.class);
    }

    @Test
    void aRowWrittenBeforeTheTypeWasSealedReadsTheSame() {
        String old = "{\"feature\":\"enhance\",\"family\":\"V2\",\"requestId\":null,\"inputs\":{\"sources\":["
                + "{\"fileId\":\"file_1\",\"url\":null},{\"fileId\":null,\"url\":\"https://x.test/a.jpg\"}],"
                + "\"refs\":[],\"masks\":[]},\"params\":{\"scale\":2},\"outputFormat\":\"png\",\"actionId\":0}";

        assertThat(Json.read(old, TaskRequest.class)).isEqualTo(request(TaskRequest.InputRef.file("file_1"),
                TaskRequest.InputRef.url("https://x.test/a.jpg")));
    }

    @Test
    void aReferenceWithNeitherOrBothIsRefused() {
        assertThatThrownBy(() -> TaskRequest.InputRef.fromJson(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskRequest.InputRef.fromJson("f", "https://x.test/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskRequest.InputRef.file(null)).isInstanceOf(NullPointerException.class);
    }
}
