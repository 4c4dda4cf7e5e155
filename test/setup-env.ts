// The AWS SDK's Node-22 announcement would print in every test file; the pinned SDK supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
