// Tests log little: a failing assertion is easier to read without service logs.
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
require('reflect-metadata');
