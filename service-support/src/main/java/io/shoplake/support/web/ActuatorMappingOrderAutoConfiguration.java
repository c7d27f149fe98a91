package io.shoplake.support.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.actuate.endpoint.web.AbstractWebMvcEndpointHandlerMapping;
import org.springframework.boot.webmvc.actuate.endpoint.web.ControllerEndpointHandlerMapping;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * The actuator's request mappings are looked up after the application's, not before.
 * <p>
 * Spring Boot orders the actuator's handler mappings first (order -100), so every request
 * Spring MVC serves (the REST APIs, the dashboard, ingest's benchmark no-op; not the push
 * endpoints, which have their own servlet) first fails a lookup among the actuator's
 * routes, and a failed lookup also scans them for a partial match to report a 405 or 415
 * ({@code getHandler} was 5.5 % of ingest's no-op request profiled under load, 2.3 %
 * after; the bare Spring Boot app's 2.5 %). Looked up after the application's mappings
 * (and before the static resources' catch-all), such a request finds its handler at once,
 * and an actuator request pays the failed lookup among the application's routes instead.
 * No application route lies under {@code /actuator}, so every request reaches the same
 * handler as before.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(AbstractWebMvcEndpointHandlerMapping.class)
public class ActuatorMappingOrderAutoConfiguration {

	/**
	 * After the application's router functions (order -1), request mappings (0) and
	 * bean-name mappings (2), before the static resources' catch-all
	 * ({@code Ordered.LOWEST_PRECEDENCE - 1}).
	 */
	static final int ORDER = 10;

	@Bean
	static BeanPostProcessor shoplakeActuatorMappingOrder() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof AbstractWebMvcEndpointHandlerMapping
						|| bean instanceof ControllerEndpointHandlerMapping) {
					((AbstractHandlerMapping) bean).setOrder(ORDER);
				}
				return bean;
			}

		};
	}

}
