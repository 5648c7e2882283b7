package dev.observability.starter.export;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import org.springframework.util.AntPathMatcher;

import dev.observability.starter.core.SpanStartAttributes;

/**
 * Decides whether a new trace that starts with an incoming request is recorded by the
 * first {@code observability.sampling.rules} entry whose path matches the request's
 * {@code url.path} (given at span start by the HTTP integration); everything else (spans
 * with a parent, a request carrying its caller's decision, other roots, paths no rule
 * matches) is decided by the application's sampler, Boot's by default. Each rule samples
 * by trace id, so that every instance decides the same way for a trace.
 */
final class PathRuleSampler implements Sampler {

	private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey(SpanStartAttributes.URL_PATH);

	private static final AntPathMatcher matcher = new AntPathMatcher();

	private final Sampler delegate;

	private final List<Rule> rules;

	PathRuleSampler(Sampler delegate, List<SamplingProperties.Rule> rules) {
		this.delegate = delegate;
		this.rules = rules.stream().map(Rule::new).toList();
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		if (spanKind == SpanKind.SERVER && !Span.fromContext(parentContext).getSpanContext().isValid()) {
			String path = attributes.get(URL_PATH);
			if (path != null) {
				for (Rule rule : this.rules) {
					if (matcher.match(rule.pattern, path)) {
						return rule.sampler.shouldSample(parentContext, traceId, name, spanKind, attributes,
								parentLinks);
					}
				}
			}
		}
		return this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
	}

	@Override
	public String getDescription() {
		return "PathRuleSampler{rules=" + this.rules + ", otherwise=" + this.delegate.getDescription() + "}";
	}

	@Override
	public String toString() {
		return getDescription();
	}

	private record Rule(String pattern, Sampler sampler) {

		Rule(SamplingProperties.Rule rule) {
			this(rule.getPath(), Sampler.traceIdRatioBased(rule.getProbability()));
		}

		@Override
		public String toString() {
			return this.pattern + "=" + this.sampler.getDescription();
		}

	}

}
