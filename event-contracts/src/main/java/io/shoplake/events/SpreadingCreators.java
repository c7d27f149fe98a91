package io.shoplake.events;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;

import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;

/**
 * Records (and other types bound through a constructor taking every property) are created
 * through one method handle per type that takes the argument array, built once.
 * <p>
 * Jackson 3 calls such a constructor with {@code MethodHandle.invokeWithArguments}, which
 * builds a spreading adapter on every call: about 6 % of the batch push endpoint's time
 * went there (profiled under load), for the events and the envelopes each message is
 * bound into. Everything else is Jackson's own: which constructor, which arguments, the
 * defaults of missing ones, and the problem a constructor's exception becomes.
 */
final class SpreadingCreators extends JacksonModule {

	private static final MethodType SPREAD = MethodType.methodType(Object.class, Object[].class);

	@Override
	public String getModuleName() {
		return "shoplake-spreading-creators";
	}

	@Override
	public Version version() {
		return Version.unknownVersion();
	}

	@Override
	public void setupModule(SetupContext context) {
		context.addValueInstantiators(new ValueInstantiators() {

			@Override
			public ValueInstantiator findValueInstantiator(DeserializationConfig config,
					BeanDescription.Supplier description) {
				return null;
			}

			@Override
			public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
					BeanDescription.Supplier description, ValueInstantiator instantiator) {
				return spreading(instantiator);
			}

		});
	}

	/**
	 * {@code instantiator} with its constructor called through a spreading handle, or
	 * itself when it is not Jackson's standard one with such a constructor.
	 */
	private static ValueInstantiator spreading(ValueInstantiator instantiator) {
		if (instantiator.getClass() != StdValueInstantiator.class
				|| !(instantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator)) {
			return instantiator;
		}
		Constructor<?> constructor = creator.getAnnotated();
		MethodHandle handle;
		try {
			handle = MethodHandles.lookup()
				.unreflectConstructor(constructor)
				.asSpreader(Object[].class, constructor.getParameterCount())
				.asType(SPREAD);
		}
		catch (IllegalAccessException ex) {
			return instantiator;
		}
		return new Spreading((StdValueInstantiator) instantiator, handle);
	}

	private static final class Spreading extends StdValueInstantiator {

		private final MethodHandle creator;

		Spreading(StdValueInstantiator source, MethodHandle creator) {
			super(source);
			this.creator = creator;
		}

		@Override
		public Object createFromObjectWith(DeserializationContext context, Object[] arguments) {
			try {
				return (Object) this.creator.invokeExact(arguments);
			}
			catch (Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				// As Jackson's own: the constructor's exception becomes a binding
				// problem.
				return context.handleInstantiationProblem(this._valueClass, arguments, rewrapCtorProblem(context, ex));
			}
		}

	}

}
