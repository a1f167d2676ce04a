package dev.atelier.server.effects.face;

import dev.atelier.server.effects.EngineError;

/**
 * The face checks of one feature and role (CONTRACTS D.7): the smallest face width in pixels, the largest head
 * angles in degrees (exclusive, as the contract writes {@code −10 < pitch < 10}) and the engine codes each failure
 * answers. A limit of {@code 0} width or {@code 180}° means "not checked".
 */
public record FaceRules(int minFaceWidth, double maxPitch, double maxYaw, double maxRoll, EngineError noFace,
        EngineError tooSmall, EngineError largeAngle) {

    /** Hairstyle, hair extension, bang, volume and wig: face width ≥ 128, |pitch| < 10, |yaw| < 45, |roll| < 15. */
    public static final FaceRules HAIR = new FaceRules(128, 10, 45, 15, EngineError.ERROR_NO_FACE,
            EngineError.ERROR_FACE_POSITION_TOO_SMALL, EngineError.ERROR_LARGE_FACE_ANGLE);

    /**
     * Face swap, both the photo's face and the reference's: a face turned further than 45° (yaw) or 30° (pitch)
     * shows too little of one side for the mesh warp, which then smears the visible half into noise (a profile was
     * accepted and came out speckled); under 48 px there are no features to align. Roll is fine: the warp turns it.
     */
    public static final FaceRules FACE_SWAP = new FaceRules(48, 30, 45, 180, EngineError.ERROR_NO_FACE,
            EngineError.ERROR_FACE_POSITION_TOO_SMALL, EngineError.ERROR_LARGE_FACE_ANGLE);

    /** No size or angle rule: any face the detector and mesh find will do. */
    public static final FaceRules ANY = new FaceRules(0, 180, 180, 180, EngineError.ERROR_NO_FACE,
            EngineError.ERROR_FACE_POSITION_TOO_SMALL, EngineError.ERROR_LARGE_FACE_ANGLE);

    /** Makeup transfer's source face (its own codes, A.8 E.2); 64 px is the least that has lips and lids to read. */
    public static final FaceRules MAKEUP_SOURCE = new FaceRules(64, 30, 30, 30, EngineError.ERROR_SRC_NO_FACE,
            EngineError.ERROR_SRC_FACE_TOO_SMALL, EngineError.ERROR_SRC_LARGE_FACE_ANGLE);

    /** Makeup transfer's reference face. */
    public static final FaceRules MAKEUP_REFERENCE = new FaceRules(64, 30, 30, 30, EngineError.ERROR_REF_NO_FACE,
            EngineError.ERROR_REF_FACE_TOO_SMALL, EngineError.ERROR_REF_LARGE_FACE_ANGLE);
}
