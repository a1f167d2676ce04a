// The contract's error codes (CONTRACTS A.8: request codes E.1 and engine codes E.2) explained in words, with what
// to do next. A test checks that every code the server can send has an entry here.

const REQUEST = {
  InvalidParameters: 'A parameter is missing or has a value this feature does not accept.',
  BadRequest: 'The request was not understood: an unexpected parameter or a malformed body.',
  CreditInsufficiency: 'This key does not have enough units left for this task.',
  InvalidStyleGroup: 'The style group does not exist for this feature.',
  InvalidStyle: 'The style does not exist for this feature.',
  InvalidTaskId: 'The task is unknown or expired. Tasks not polled for a while are dropped; run it again.',
  OperationNotSupport: 'This operation is not supported for this task.',
  OperationInvalid: 'This operation is not possible now, for example on a task that has not finished.',
  FeatureUnavailable: 'This feature\'s engine is not installed on the server. The Engines page says how to add it.',
  InvalidApiKey: 'The server does not recognise this API key. Paste a valid key on the API key page.',
  InactiveApiKey: 'This API key has been disabled. Use another key.',
  ExpiredApiKey: 'This API key has expired. Create a new one.',
  InvalidAccessToken: 'The access token is missing, invalid or expired.',
  InvalidSignature: 'The signed upload or download link was altered or is not valid.',
  UrlExpired: 'The signed link has expired. Uploads must happen within the link\'s lifetime; results can be fetched again by polling.',
  NotFound: 'The server has no such file or route.',
  MethodNotAllowed: 'This route exists but not for this HTTP method (GET, POST…). The API reference lists each route\'s methods.',
  RequestHeaderFieldsTooLarge: 'The request\'s headers are larger than the server accepts (a very long key or cookie?).',
  EntityTooLarge: 'The file is larger than the server accepts.',
  ContentTypeMismatch: 'The file\'s content type is not the one announced before uploading.',
  TooManyRequests: 'Too many requests or a full queue. Wait a moment and try again.',
  TaskTimeout: 'The task took longer than the server allows and was stopped.',
  InternalError: 'The server failed unexpectedly. The x-request-id below finds the details in its log.',
  ServiceUnavailable: 'The server is starting or shutting down. Try again shortly.',
};

const ENGINE = {
  error_exceed_max_image_size: 'The image is too large for this feature (or the result would be). Use a smaller image or a smaller scale.',
  exceed_max_filesize: 'The file is larger than the size limit.',
  invalid_parameter: 'A parameter value was refused when the task ran.',
  error_download_image: 'The server could not get the input image (the file is gone or its URL could not be fetched).',
  error_download_mask: 'The server could not get the mask image.',
  error_decode_image: 'The file could not be read as an image: it is damaged or not in a supported format.',
  error_decode_mask: 'The mask could not be read as an image: it is damaged or not in a supported format.',
  error_download_video: 'The server could not get the video from its URL.',
  error_decode_video: 'The video could not be read: not an MP4 or MOV, an unsupported codec (H.264 or MPEG-4 video, AAC or MP3 audio), or a damaged file.',
  error_unexpected_video_duration: 'The video is longer than this server allows.',
  error_nsfw_content_detected: 'The content was refused by the safety filter.',
  exceed_nsfw_retry_limits: 'The safety filter refused the content too many times.',
  error_no_face: 'No face was found in the photo.',
  error_multiple_people: 'More than one person is in the photo; this feature needs exactly one.',
  error_pose: 'The pose in the photo is not supported.',
  error_large_face_angle: 'The face is turned or tilted too far. Use a photo looking at the camera, head upright.',
  error_face_position_too_small: 'The face is too small in the photo (it must be at least 128 pixels wide). Use a closer or larger photo.',
  error_src_no_face: 'No face was found in your photo.',
  error_ref_no_face: 'No face was found in the reference photo.',
  error_src_face_too_small: 'The face in your photo is too small for this feature. Use a closer or larger photo.',
  error_ref_face_too_small: 'The face in the reference photo is too small for this feature.',
  error_src_large_face_angle: 'The face in your photo is turned or tilted too far.',
  error_ref_large_face_angle: 'The face in the reference photo is turned or tilted too far.',
  error_face_parsing: 'The face could not be analysed.',
  error_inference: 'The model failed while processing the image.',
  error_upload: 'The result could not be stored.',
  error_below_min_image_size: 'The image is too small for this feature.',
  error_unsupport_ratio: 'The image\'s aspect ratio is not supported by this feature.',
  size_mismatch_on_input_image_and_mask: 'The mask must have exactly the same width and height as the image.',
  unknown_internal_error: 'The task failed for an unexpected reason.',
  error_face_angle_upward: 'The face looks up too far; use a photo looking straight at the camera.',
  error_face_angle_downward: 'The face looks down too far; use a photo looking straight at the camera.',
  error_face_angle_leftward: 'The face is turned too far to the left; use a photo looking straight at the camera.',
  error_face_angle_rightward: 'The face is turned too far to the right; use a photo looking straight at the camera.',
  error_face_angle_left_tilt: 'The head is tilted too far to the left; use a photo with the head upright.',
  error_face_angle_right_tilt: 'The head is tilted too far to the right; use a photo with the head upright.',
};

const CLIENT = {
  NoKey: 'No API key is saved in this browser. Paste one on the API key page (or open the link `atelier serve` printed).',
  NetworkError: 'The server could not be reached. Is it still running?',
  UnsupportedType: 'This kind of file cannot be uploaded.',
  FileTooLarge: 'The file is larger than the server accepts.',
};

/** Words for a code, or null when the code is unknown to this page. */
export function explain(code) {
  return REQUEST[code] ?? ENGINE[code] ?? CLIENT[code] ?? null;
}

/** Every code this page can explain (the test compares it with the server's codes). */
export const KNOWN_CODES = [...Object.keys(REQUEST), ...Object.keys(ENGINE), ...Object.keys(CLIENT)];
