package dev.atelier.client;

/**
 * Face Swap pre-process ({@code face-swap/pre-process}): finds the faces of a photo, left to right; read them with
 * {@link TaskResult#faces()}. The index of a face is what face swaps name.
 */
public final class FacePreProcess extends EffectCall<FacePreProcess> {
    FacePreProcess(AtelierClient client, Input source) {
        super(client, "face-swap/pre-process");
        sources.add(source);
    }

    @Override
    FacePreProcess self() {
        return this;
    }
}
