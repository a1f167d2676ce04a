package dev.atelier.server.api.openai;

import dev.atelier.server.tasks.TaskRequest;

/** One input picture of an images request: inline bytes (with their type and a name), or a reference the task reads. */
record Picture(byte[] bytes, String contentType, String name, TaskRequest.InputRef ref) {}
