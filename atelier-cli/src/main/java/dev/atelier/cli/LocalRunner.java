package dev.atelier.cli;

import dev.atelier.engines.EngineException;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.server.EffectTable;
import dev.atelier.server.api.YouCamErrors;
import dev.atelier.server.config.Settings;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.VideoEffect;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.errors.TaskFailure;
import dev.atelier.server.localengines.LocalEngines;
import dev.atelier.server.tasks.DirectRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code atelier run} in this process: the server's {@link EffectTable} over this machine's engines (models from the
 * data directory the server uses), each item through {@link DirectRun}, the run pipeline the server's worker uses. The
 * effect and the command line are checked once, when the runner is made: an unknown effect, a bad parameter or a
 * missing engine ({@code FeatureUnavailable} with its remedy) refuse the whole batch.
 */
final class LocalRunner implements RunItem.Runner {
    private final LocalEngines engines;
    private final DirectRun direct;
    private final Effect effect;
    /** The command line's request, with the output format as the effect's check settled it. */
    private final RunItem.Request request;
    /** The references' and the mask's bytes, read at the first item and shared by the rest of the batch. */
    private SideInputs sideInputs;

    private record SideInputs(List<byte[]> refs, List<byte[]> masks) {}

    /** @throws Refusal when the effect is unknown or unavailable here, or the parameters or format are refused */
    LocalRunner(Settings settings, RunItem.Request request) {
        this.engines = new LocalEngines(settings);
        try {
            this.direct = new DirectRun(effects(engines, settings),
                    new DecodeLimits(settings.maxImagePixels(), settings.maxUploadBytes()));
            this.effect = direct.effect(request.effect());
            // refuse a bad command line once
            DirectRun.Checked checked = direct.check(effect, request.params(), request.format());
            this.request = request.withFormat(checked.outputFormat());
        } catch (RuntimeException e) {
            engines.close();
            throw e;
        }
    }

    /** The server's effect table over this machine's engines, as the server builds it from these settings. */
    static Effects effects(LocalEngines engines, Settings settings) {
        return EffectTable.of(engines, settings.source()).effects();
    }

    @Override
    public RunItem.Outcome run(RunItem item, ProgressBar bar) {
        if (effect instanceof VideoEffect video) {
            return runVideo(video, item, bar);
        }
        try {
            byte[] src = Files.readAllBytes(item.input());
            SideInputs side = sideInputs();
            DirectRun.Inputs inputs = new DirectRun.Inputs(List.of(src), side.refs(), side.masks());
            DirectRun.Result result = direct.run(effect, inputs, request.params(), request.format(),
                    (f, stage) -> bar.progress(item.label(), f));
            List<Map<String, Object>> outputs = new ArrayList<>();
            int i = 0;
            for (DirectRun.Encoded e : result.outputs()) {
                Path t = item.output(i++, e.extension());
                OutputFiles.write(t, e.bytes());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", t.toString());
                m.put("format", e.extension());
                m.put("width", e.width());
                m.put("height", e.height());
                m.putAll(e.extras());
                outputs.add(m);
            }
            return RunItem.Outcome.success(item, outputs, Map.of("metadata", result.metadata()));
        } catch (EngineException | Refusal | IOException e) {
            return failure(item, e);
        }
    }

    /** Items may run concurrently (--concurrency): the first to get here reads the files, the others reuse them. */
    private synchronized SideInputs sideInputs() throws IOException {
        if (sideInputs == null) {
            List<byte[]> refs = new ArrayList<>();
            for (Path r : request.refs()) {
                refs.add(Files.readAllBytes(r));
            }
            sideInputs = new SideInputs(refs,
                    request.mask() == null ? List.of() : List.of(Files.readAllBytes(request.mask())));
        }
        return sideInputs;
    }

    /** A video streams from file to file (never whole in memory); a partial output is never left behind. */
    private RunItem.Outcome runVideo(VideoEffect video, RunItem item, ProgressBar bar) {
        String fmt = request.format();
        Path t = item.output(0, fmt);
        try {
            Path dir = t.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = OutputFiles.partFile(dir, ".part." + fmt);
            try {
                DirectRun.VideoResult r = direct.runVideo(video, item.input(), tmp, request.params(), fmt,
                        (f, stage) -> bar.progress(item.label(), f));
                Files.move(tmp, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", t.toString());
                m.put("format", r.output().extension());
                m.put("width", r.output().width());
                m.put("height", r.output().height());
                return RunItem.Outcome.success(item, List.of(m), Map.of("metadata", r.metadata()));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (EngineException | Refusal | IOException e) {
            return failure(item, e);
        }
    }

    /** An engine failure or a refusal with its wire code (a bad parameter is a usage error); I/O as {@code io_error}. */
    private static RunItem.Outcome failure(RunItem item, Exception e) {
        return switch (e) {
            case EngineException x -> RunItem.Outcome.failure(item, ExitCodes.FAILED, x.code().wire(),
                    TaskFailure.of(x).storedMessage());
            case Refusal x -> RunItem.Outcome.failure(item, x.code() == RefusalCode.INVALID_PARAMETERS
                    ? ExitCodes.USAGE : ExitCodes.FAILED, YouCamErrors.wireCode(x.code()), x.getMessage());
            default -> RunItem.Outcome.failure(item, ExitCodes.FAILED, "io_error", e.getMessage());
        };
    }

    @Override
    public void close() {
        engines.close();
    }
}
