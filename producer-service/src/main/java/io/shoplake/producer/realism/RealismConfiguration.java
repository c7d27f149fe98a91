package io.shoplake.producer.realism;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The realism card of the generated traffic. */
@Configuration(proxyBeanMethods = false)
class RealismConfiguration {

	@Bean(destroyMethod = "close")
	RealismRecorder realismRecorder() {
		return new RealismRecorder();
	}

}
