package dev.atelier.cli;

import dev.atelier.client.AtelierClient;
import dev.atelier.client.ConnectionException;
import dev.atelier.client.ErrorCode;
import dev.atelier.client.Input;
import dev.atelier.client.OutputFormat;
import dev.atelier.client.RequestException;
import dev.atelier.client.TaskCall;
import dev.atelier.client.TaskFailedException;
import dev.atelier.client.TaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code atelier run --server}: each item is a task on the server, through the SDK; results are downloaded. */
final class RemoteRunner implements RunItem.Runner {
    private final AtelierClient client;
    private final RunItem.Request request;

    RemoteRunner(AtelierClient client, RunItem.Request request) {
        this.client = client;
        this.request = request;
    }

    @Override
    public RunItem.Outcome run(RunItem item, ProgressBar bar) {
        try {
            String fmt = request.format();
            TaskCall call = client.task(request.effect()).source(Input.of(item.input())).params(request.params())
                    .onProgress(s -> bar.progress(item.label(), s.progress()));
            request.refs().forEach(r -> call.reference(Input.of(r)));
            if (request.mask() != null) {
                call.mask(Input.of(request.mask()));
            }
            if (fmt != null) {
                call.outputFormat(OutputFormat.parse(fmt));
            }
            TaskResult r = call.run();
            List<Map<String, Object>> outputs = new ArrayList<>();
            int i = 0;
            for (TaskResult.Output o : r.outputs()) {
                byte[] bytes = r.download(o);
                String ext = fmt != null ? fmt : RunCommand.sniffExtension(bytes);
                Path t = item.output(i++, ext);
                OutputFiles.write(t, bytes);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", t.toString());
                m.put("format", ext);
                m.put("dst_id", o.dstId());
                m.put("url", o.url());
                outputs.add(m);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("task_id", r.taskId());
            details.put("metadata", r.metadata());
            return RunItem.Outcome.success(item, outputs, details);
        } catch (TaskFailedException e) {
            return RunItem.Outcome.failure(item, ExitCodes.FAILED, e.wireCode(), e.serverMessage());
        } catch (RequestException e) {
            int code = e.code().isAuthentication() ? ExitCodes.UNREACHABLE
                    : e.code() == ErrorCode.INVALID_PARAMETERS || e.code() == ErrorCode.BAD_REQUEST
                            ? ExitCodes.USAGE : ExitCodes.FAILED;
            return RunItem.Outcome.failure(item, code, e.wireCode() == null ? "http_" + e.httpStatus()
                    : e.wireCode(), e.getMessage());
        } catch (ConnectionException e) {
            return RunItem.Outcome.failure(item, ExitCodes.UNREACHABLE, "unreachable", e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return RunItem.Outcome.failure(item, ExitCodes.FAILED, "io_error", e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
